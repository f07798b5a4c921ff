import type { Level } from '../../gateway/policy/levels';
import type { MaskKind } from '../../gateway/policy/mask-kinds';
import type { Policy } from '../../gateway/policy/policy-model';
import { startFixture, type FederationFixture, type RunningFixture } from '../integration/federation/fixture';
import { caller } from '../support/access';
import { gql, type GraphqlResponse } from '../support/graphql';

const LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@interfaceObject"])';

const subjects = [
  { __typename: 'Person', id: 'p1', label: '张三', note: '举报材料', idNumber: '11010519491231002X' },
  { __typename: 'Org', id: 'o1', label: '苏州市编办', note: '机构改革', budget: 120000 },
];

/** How often each subgraph resolver ran: a field the gateway withheld must never be resolved. */
const resolved = new Map<string, number>();
const counted = (coordinate: string) => (source: Record<string, unknown>) => {
  resolved.set(coordinate, (resolved.get(coordinate) ?? 0) + 1);
  return source[coordinate.split('.')[1]!];
};
const byId = (ref: { id: string }) => subjects.find((s) => s.id === ref.id);

/** An interface and a union over a person and a body, and a field another subgraph adds to the interface (@interfaceObject). */
const casework: FederationFixture = {
  subgraphs: [
    {
      name: 'registry',
      sdl: `${LINK}
        interface Subject @key(fields: "id") { id: ID! label: String! note: String! }
        type Person implements Subject @key(fields: "id") { id: ID! label: String! note: String! idNumber: String! }
        type Org implements Subject @key(fields: "id") { id: ID! label: String! note: String! budget: Int! }
        union Finding = Person | Org
        type Query { subjects: [Subject!]! findings: [Finding!]! }`,
      resolvers: {
        Query: { subjects: () => subjects, findings: () => subjects },
        Subject: { __resolveType: (s: { __typename: string }) => s.__typename, __resolveReference: byId },
        Finding: { __resolveType: (s: { __typename: string }) => s.__typename },
        Person: {
          __resolveReference: byId,
          label: counted('Person.label'),
          note: counted('Person.note'),
          idNumber: counted('Person.idNumber'),
        },
        Org: {
          __resolveReference: byId,
          label: counted('Org.label'),
          note: counted('Org.note'),
          budget: counted('Org.budget'),
        },
      },
    },
    {
      name: 'oversight',
      sdl: `${LINK}
        type Subject @key(fields: "id") @interfaceObject { id: ID! complaints: Int! }`,
      resolvers: {
        Subject: { __resolveReference: (ref: { id: string }) => ({ ...ref, complaints: ref.id === 'p1' ? 3 : 0 }) },
      },
    },
  ],
  cases: [],
};

/** Grades that differ between the interface and its implementations, the way an attacker would hope to exploit. */
function grade(policy: Policy): void {
  const set = (coordinate: string, level: Level, masks: Partial<Record<Level, MaskKind>> = {}) =>
    policy.fields.set(coordinate, { level, masks, purpose: false, source: 'test' });
  // The body's label is public, the person's name is SENSITIVE, masked for INTERNAL.
  set('Person.label', 'SENSITIVE', { INTERNAL: 'name' });
  // The interface promises a masked note below SENSITIVE, but the person's note is RESTRICTED with no mask.
  set('Subject.note', 'SENSITIVE', { INTERNAL: 'name' });
  set('Person.note', 'RESTRICTED');
  set('Org.note', 'SENSITIVE', { INTERNAL: 'name' });
  set('Person.idNumber', 'SENSITIVE', { INTERNAL: 'id-number' });
  set('Org.budget', 'SENSITIVE');
  set('Subject.complaints', 'SENSITIVE');
}

const problems = (result: GraphqlResponse<unknown>) =>
  (result.errors ?? []).map((e) => [e.extensions?.code, e.path?.join('.')]).sort();

/** Decide before fetching, through interfaces and unions: the object's real type decides, never the type it was selected through. */
describe('security: access through interfaces and unions', () => {
  let running: RunningFixture;
  let partner: { url: string; headers: Record<string, string> };
  let officer: { url: string; headers: Record<string, string> };

  beforeAll(async () => {
    running = await startFixture(casework, grade);
    partner = caller(
      running.gateway.url,
      await running.realm.mint({ user: 'partner.x', roles: ['partner-dept'], region: '320000' }),
    );
    officer = caller(
      running.gateway.url,
      await running.realm.mint({ user: 'staffing.x', roles: ['staffing-officer'], region: '320000' }),
    );
  });
  afterAll(() => running[Symbol.asyncDispose]());
  beforeEach(() => {
    resolved.clear();
    Object.values(running.requests).forEach((r) => {
      r.count = 0;
    });
  });

  it('anonymous: a field withheld on one member of a union or interface is withheld there only, and never resolved', async () => {
    const result = await gql(
      running.target,
      `{
      subjects { id ... on Org { budget } }
      findings { ... on Person { id idNumber } ... on Org { id label } }
    }`,
    );
    expect(result.data).toEqual({
      subjects: [{ id: 'p1' }, { id: 'o1', budget: null }],
      findings: [
        { id: 'p1', idNumber: null },
        { id: 'o1', label: '苏州市编办' },
      ],
    });
    expect(problems(result)).toEqual([
      ['FORBIDDEN_FIELD', 'findings.0.idNumber'],
      ['FORBIDDEN_FIELD', 'subjects.1.budget'],
    ]);
    expect(resolved.get('Org.budget')).toBeUndefined();
    expect(resolved.get('Person.idNumber')).toBeUndefined();
  });

  it('a field another subgraph adds to the interface is withheld on every member, and that subgraph is never called', async () => {
    const result = await gql(running.target, '{ subjects { id complaints } }');
    expect(result.data).toEqual({
      subjects: [
        { id: 'p1', complaints: null },
        { id: 'o1', complaints: null },
      ],
    });
    expect(problems(result)).toEqual([
      ['FORBIDDEN_FIELD', 'subjects.0.complaints'],
      ['FORBIDDEN_FIELD', 'subjects.1.complaints'],
    ]);
    expect(running.requests['oversight']!.count).toBe(0);

    const cleared = await gql(officer, '{ subjects { id complaints } }');
    expect(cleared).toEqual({
      data: {
        subjects: [
          { id: 'p1', complaints: 3 },
          { id: 'o1', complaints: 0 },
        ],
      },
    });
  });

  it('selecting through the interface reveals no more than the member type would: the person’s name stays masked', async () => {
    const through = await gql(partner, 'fragment S on Subject { l: label } { subjects { ...S } }');
    const direct = await gql(partner, '{ subjects { ... on Person { p: label } ... on Org { o: label } } }');
    // Through the interface the stricter grade of its members holds for all; per member each keeps its own.
    expect(through.data).toEqual({ subjects: [{ l: '张*' }, { l: '苏****' }] });
    expect(direct.data).toEqual({ subjects: [{ p: '张*' }, { o: '苏州市编办' }] });
    expect(through.errors).toBeUndefined();
    expect(direct.errors).toBeUndefined();
  });

  it('an interface’s mask does not unmask a member graded higher without one: the note is withheld, not masked', async () => {
    const result = await gql(
      partner,
      '{ subjects { id note } findings { ... on Person { note } ... on Org { note } } }',
    );
    expect(result.data).toEqual({
      subjects: [
        { id: 'p1', note: null },
        { id: 'o1', note: null },
      ],
      findings: [{ note: null }, { note: '机***' }],
    });
    expect(problems(result)).toEqual([
      ['FORBIDDEN_FIELD', 'findings.0.note'],
      ['FORBIDDEN_FIELD', 'subjects.0.note'],
      ['FORBIDDEN_FIELD', 'subjects.1.note'],
    ]);
    expect(resolved.get('Person.note')).toBeUndefined();
  });

  it('aliases, named fragments on the union, and @include with a variable do not change the decision', async () => {
    const result = await gql(
      partner,
      `
      query Q($withId: Boolean!) { findings { ...P ... on Org { b: budget } } }
      fragment P on Person { ... @include(if: $withId) { a: idNumber } ... on Person { c: idNumber } }`,
      { withId: true },
    );
    expect(result.data).toEqual({ findings: [{ a: '110105********002X', c: '110105********002X' }, { b: null }] });
    expect(problems(result)).toEqual([['FORBIDDEN_FIELD', 'findings.1.b']]);
    expect(resolved.get('Org.budget')).toBeUndefined();

    const skipped = await gql(
      partner,
      'query Q($withId: Boolean!) { findings { ... on Person @include(if: $withId) { idNumber } ... on Org { id } } }',
      { withId: false },
    );
    expect(skipped).toEqual({ data: { findings: [{}, { id: 'o1' }] } });
  });
});
