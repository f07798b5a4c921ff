import { SUBGRAPH_NAMES, type ShippedSubgraphName } from '../../common/subgraph-catalog';
import { caller, INSPECTION_PURPOSE } from '../support/access';
import { ChaosProxy } from '../support/chaos-proxy';
import { mysqlStorage, testDb } from '../support/env';
import { gql, gqlData, type GraphqlResponse } from '../support/graphql';
import { SqlOracle } from '../support/mysql';
import { startTestStack, type TestStack } from '../support/stack';

const codes = (result: GraphqlResponse<unknown>) => (result.errors ?? []).map((e) => e.extensions?.code);

/**
 * Decide before fetching: a field above the caller's clearance is never asked of a subgraph, comes back
 * null with FORBIDDEN_FIELD at its path, and every other field still answers, however it is spelled.
 */
describe('security: field access by clearance', () => {
  const sql = new SqlOracle();
  const proxies = new Map<ShippedSubgraphName, ChaosProxy>();
  let stack: TestStack;
  let tokens: Record<'staffing' | 'partner' | 'lowered' | 'raised', string>;
  const asked = () => SUBGRAPH_NAMES.flatMap((n) => proxies.get(n)!.received).join('\n');
  const forgetAsked = () => proxies.forEach((p) => p.received.splice(0));

  beforeAll(async () => {
    stack = await startTestStack(mysqlStorage, {
      route: async (name, url) => {
        const proxy = await ChaosProxy.start(url);
        proxies.set(name, proxy);
        return proxy.url;
      },
    });
    tokens = {
      staffing: await stack.realm.mint({ user: 'staffing.suzhou', roles: ['staffing-officer'], region: '320000' }),
      partner: await stack.realm.mint({ user: 'partner.x', roles: ['partner-dept'], region: '320000' }),
      lowered: await stack.realm.mint({
        user: 'auditor.low',
        roles: ['auditor'],
        region: '320000',
        clearance: 'INTERNAL',
      }),
      raised: await stack.realm.mint({
        user: 'partner.raise',
        roles: ['partner-dept'],
        region: '320000',
        clearance: 'RESTRICTED',
      }),
    };
  });
  afterAll(async () => {
    await stack[Symbol.asyncDispose]();
    for (const proxy of proxies.values()) await proxy[Symbol.asyncDispose]();
    await sql[Symbol.asyncDispose]();
  });

  it('anonymous: public fields answer, the roll behind them is withheld and never fetched', async () => {
    const expected = await sql.rows<{ name: string }>(`SELECT name FROM ${testDb('staffing')}.org ORDER BY id LIMIT 3`);
    forgetAsked();
    const result = await gql(stack.gatewayUrl, `{ orgs(first: 3) { nodes { name staff(first: 1) { totalCount } } } }`);
    expect(result.data?.orgs.nodes.map((o: any) => o.name)).toEqual(expected.map((e) => e.name));
    expect(result.data?.orgs.nodes.map((o: any) => o.staff)).toEqual([null, null, null]);
    expect(result.errors?.map((e) => [e.extensions?.code, e.path])).toEqual(
      [0, 1, 2].map((i) => ['FORBIDDEN_FIELD', ['orgs', 'nodes', i, 'staff']]),
    );
    expect(asked()).not.toMatch(/staff/);
  });

  it('aliases, named and inline fragments do not smuggle a field past the decision', async () => {
    forgetAsked();
    const result = await gql(
      caller(stack.gatewayUrl, tokens.partner),
      `
      query Smuggle { people(first: 2) { nodes { a: idNumber ...F ... on Person { b: birthDate } personKey } } }
      fragment F on Person { c: idNumber n: name }`,
    );
    const nodes = result.data?.people.nodes as any[];
    expect(nodes).toHaveLength(2);
    // INTERNAL clearance: ID numbers come as pseudonyms, names masked, birth dates withheld.
    for (const node of nodes) {
      expect(node.a).toMatch(/^ps\d+-[0-9a-f]{24}$/);
      expect(node.c).toBe(node.a);
      expect(node.n).toMatch(/^.\*+$/u);
      expect(node.b).toBeNull();
      expect(node.personKey).toMatch(/^[0-9a-f]{32}$/);
    }
    expect(result.errors?.map((e) => e.path)).toEqual([
      ['people', 'nodes', 0, 'b'],
      ['people', 'nodes', 1, 'b'],
    ]);
    expect(asked()).not.toMatch(/birthDate/);
  });

  it('SENSITIVE clearance sees ID numbers partly: region and check digits only', async () => {
    const result = await gqlData(
      caller(stack.gatewayUrl, tokens.staffing),
      `{ people(first: 5) { nodes { personKey idNumber name } } }`,
    );
    const keys = result.people.nodes.map((p: any) => p.personKey);
    const rows = await sql.rows<{ person_key: string; id_number: string; name: string }>(
      `SELECT person_key, id_number, name FROM ${testDb('staffing')}.person WHERE person_key IN (?)`,
      [keys],
    );
    const byKey = new Map(rows.map((r) => [r.person_key, r]));
    for (const person of result.people.nodes) {
      const row = byKey.get(person.personKey)!;
      expect(person.idNumber).toBe(`${row.id_number.slice(0, 6)}********${row.id_number.slice(-4)}`);
      expect(person.name).toBe(row.name); // SENSITIVE clearance reads names in clear
    }
  });

  it('a lowered clearance claim is honoured, a raised one ignored', async () => {
    const query = `{ people(first: 1) { nodes { birthDate } } }`;
    const lowered = await gql(caller(stack.gatewayUrl, tokens.lowered), query);
    expect(codes(lowered)).toEqual(['FORBIDDEN_FIELD']);
    const raised = await gql(caller(stack.gatewayUrl, tokens.raised), query);
    expect(codes(raised)).toEqual(['FORBIDDEN_FIELD']);
    const supervisor = await gqlData(stack.supervisor, query);
    expect(supervisor.people.nodes[0].birthDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('RESTRICTED in clear needs a purpose; without one PURPOSE_REQUIRED, the rest answers', async () => {
    const token = await stack.realm.mint({ user: 'supervisor.x', roles: ['supervisor'], region: '320000' });
    const without = await gql(caller(stack.gatewayUrl, token), `{ people(first: 1) { nodes { name idNumber } } }`);
    expect(without.data?.people.nodes[0].name).toEqual(expect.any(String));
    expect(without.data?.people.nodes[0].idNumber).toBeNull();
    expect(without.errors?.map((e) => [e.extensions?.code, e.path])).toEqual([
      ['PURPOSE_REQUIRED', ['people', 'nodes', 0, 'idNumber']],
    ]);
    const wrongKind = await gql(
      caller(stack.gatewayUrl, token, 'BB-2026-0001; not a supervisor case'),
      `{ people(first: 1) { nodes { idNumber } } }`,
    );
    expect(codes(wrongKind)).toEqual(['PURPOSE_REQUIRED']);
    expect(wrongKind.errors?.[0]?.message).toMatch(/not of a kind your roles may state/);
    const withPurpose = await gqlData(
      caller(stack.gatewayUrl, token, INSPECTION_PURPOSE),
      `{ people(first: 1) { nodes { idNumber } } }`,
    );
    expect(withPurpose.people.nodes[0].idNumber).toMatch(/^\d{17}[\dX]$/);
  });

  it('@skip and @include are honoured: a skipped forbidden field is neither fetched nor reported', async () => {
    const result = await gql(
      stack.gatewayUrl,
      `query($hide: Boolean!) { orgs(first: 1) { nodes { name staff @skip(if: $hide) { totalCount } } } }`,
      { hide: true },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.orgs.nodes[0].name).toEqual(expect.any(String));
    expect(result.data?.orgs.nodes[0]).not.toHaveProperty('staff');
  });

  it('a query made only of forbidden fields answers nulls and errors, no data leaks', async () => {
    forgetAsked();
    const result = await gql(stack.gatewayUrl, `{ people(first: 1) { totalCount } payments(first: 1) { totalCount } }`);
    expect(result.data).toEqual({ people: null, payments: null });
    expect(codes(result).sort()).toEqual(['FORBIDDEN_FIELD', 'FORBIDDEN_FIELD']);
    expect(asked()).toBe('');
  });
});
