import { join } from 'node:path';
import { getIntrospectionQuery } from 'graphql';
import { projectRoot } from '../../common/paths';
import { loadPolicy } from '../../gateway/policy/load-policy';
import { caller } from '../support/access';
import { mysqlStorage } from '../support/env';
import { gql } from '../support/graphql';
import { startTestStack, type TestStack } from '../support/stack';

type Answer = Awaited<ReturnType<typeof gql<any>>>;

/** An operation of exactly `depth` levels: orgs → nodes → parent … → name. */
const deep = (depth: number) => `{ orgs(first: 1) { nodes { ${'parent { '.repeat(depth - 3)}name${' }'.repeat(depth - 3)} } } }`;
/** `n` aliased fields under one root field. */
const aliased = (n: number) => `{ orgs(first: 1) { ${Array.from({ length: n }, (_, i) => `a${i}: totalCount`).join(' ')} } }`;
/** `n` root fields (each aliased, so also n aliases). */
const roots = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `r${i}: orgs(first: 1) { totalCount }`).join(' ')} }`;
/**
 * Exactly `n` tokens: `{ findingsByResponsibleUsccs ( usccs : [ … ] ) { id } }` is 12, each list item
 * one more (repeating a field instead would trip graphql-js's own guard against overlapping fields).
 */
const tokens = (n: number) => `{ findingsByResponsibleUsccs(usccs: [${'"x" '.repeat(n - 12)}]) { id } }`;

function refused(answer: Answer, limit: string, measured: number, max: number) {
  expect(answer.data ?? null).toBeNull();
  expect(answer.errors).toHaveLength(1);
  expect(answer.errors![0]!.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit, measured, max });
}

/** Within the limits: executed (a token-sized list of made-up USCCs may still be refused by the system, not by size). */
function passed(answer: Answer, limit: string) {
  if (limit === 'tokens') {
    expect((answer.errors ?? []).map((e) => e.extensions?.code)).not.toContain('QUERY_TOO_COMPLEX');
    expect((answer.errors ?? []).map((e) => e.extensions?.code)).not.toContain('GRAPHQL_PARSE_FAILED');
    return;
  }
  expect(answer.errors ?? []).toEqual([]);
  expect(answer.data?.orgs ?? answer.data?.r0).toBeTruthy();
}

/**
 * Query limits at their boundaries (N passes, N+1 is refused before anything is fetched), per caller:
 * anonymous, an officer on the defaults, a supervisor whose role raises one; fragments cannot hide size.
 */
describe('security: query limits', () => {
  const policy = loadPolicy(join(projectRoot, 'policies'));
  const anonymous = { ...policy.limits.default, ...policy.limits.anonymous };
  let stack: TestStack;
  let officer: ReturnType<typeof caller>;
  let nobody: ReturnType<typeof caller>;

  beforeAll(async () => {
    stack = await startTestStack(mysqlStorage);
    officer = caller(stack.gatewayUrl, await stack.realm.mint({ user: 'staffing.province', roles: ['staffing-officer'], region: '320000' }));
    nobody = caller(stack.gatewayUrl, null);
  });
  afterAll(async () => {
    await stack[Symbol.asyncDispose]();
  });

  it.each([
    ['depth', deep, 'anonymous'],
    ['aliases', aliased, 'anonymous'],
    ['rootFields', roots, 'anonymous'],
    ['tokens', tokens, 'anonymous'],
    ['depth', deep, 'officer'],
    ['aliases', aliased, 'officer'],
    ['rootFields', roots, 'officer'],
    ['tokens', tokens, 'officer'],
  ] as const)('%s: the limit passes, one more is refused with the measured value (%s)', async (limit, build, who) => {
    const max = who === 'anonymous' ? anonymous[limit] : policy.limits.default[limit];
    const as = who === 'anonymous' ? nobody : officer;
    passed(await gql(as, build(max)), limit);
    const before = stack.subgraphs.staffing.requests.count + stack.subgraphs.audit.requests.count;
    refused(await gql(as, build(max + 1)), limit, max + 1, max);
    expect(stack.subgraphs.staffing.requests.count + stack.subgraphs.audit.requests.count).toBe(before);
  });

  it('a role that raises a limit gets it; the others keep the default', async () => {
    const supervisorAliases = policy.roles.get('supervisor')!.limits!.aliases!;
    expect(supervisorAliases).toBeGreaterThan(policy.limits.default.aliases);
    passed(await gql(stack.supervisor, aliased(supervisorAliases)), 'aliases');
    refused(await gql(stack.supervisor, aliased(supervisorAliases + 1)), 'aliases', supervisorAliases + 1, supervisorAliases);
    refused(await gql(officer, aliased(supervisorAliases)), 'aliases', supervisorAliases, policy.limits.default.aliases);
  });

  it('aliases inside fragments count every time the fragment is spread; a fragment bomb is measured, not expanded', async () => {
    const fragment = `fragment F on OrgConnection { x: totalCount y: totalCount }`;
    const spreads = Math.floor(policy.limits.default.aliases / 2) + 1;
    const query = `{ orgs(first: 1) { ${Array.from({ length: spreads }, () => '...F').join(' ')} } } ${fragment}`;
    refused(await gql(officer, query), 'aliases', spreads * 2, policy.limits.default.aliases);

    // F20 spreads F19 twice, … F0 has two aliases: 2^21 aliased fields once expanded.
    const bomb = Array.from({ length: 21 }, (_, i) => (i === 0 ? 'fragment F0 on OrgConnection { x: totalCount y: totalCount }' : `fragment F${i} on OrgConnection { ...F${i - 1} ...F${i - 1} }`));
    const started = Date.now();
    refused(await gql(officer, `{ orgs(first: 1) { ...F20 } } ${bomb.join(' ')}`), 'aliases', 2 ** 21, policy.limits.default.aliases);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('introspection (as GraphiQL sends it) passes anonymously; a document over every token limit is not even parsed', async () => {
    const introspection = await gql(nobody, getIntrospectionQuery());
    expect(introspection.errors ?? []).toEqual([]);
    expect(introspection.data!.__schema.queryType.name).toBe('Query');

    const response = await fetch(stack.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: tokens(20_000) }) });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
    expect(body.errors[0]!.extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(body.errors[0]!.message).toMatch(/Document contains more th[ae][nt] \d+ tokens/);
  });
});
