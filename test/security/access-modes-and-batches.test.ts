import { createHash } from 'node:crypto';

import { composeGraph } from '../../gateway/control/composition/compose-graph';
import { createGateway, type RunningGateway } from '../../gateway/create-gateway';
import { DEFAULT_CALL_POLICY } from '../../gateway/request/resilience/call-policy';
import type { StartedSubgraph } from '../../subgraphs/common/run-subgraph';
import { caller, startTestRealm, testAccess, type TestRealm } from '../support/access';
import { mysqlStorage, testDb } from '../support/env';
import { gql } from '../support/graphql';
import { SqlOracle } from '../support/mysql';
import { shippedSpecs, startSubgraphs } from '../support/stack';

const MIXED = `{ orgs(first: 2) { nodes { name } } people(first: 2) { nodes { personKey birthDate } } }`;

/** Strict mode refuses the whole request; dry-run answers in full; batched arrays are decided one operation at a time. */
describe('security: access modes and batched requests', () => {
  const sql = new SqlOracle();
  let subgraphs: Record<string, StartedSubgraph>;
  let realm: TestRealm;
  const gateways: Record<'enforce' | 'strict' | 'dry-run', RunningGateway> = {} as never;
  let partnerToken: string;

  beforeAll(async () => {
    subgraphs = await startSubgraphs(mysqlStorage);
    realm = await startTestRealm();
    const graph = composeGraph(await shippedSpecs(subgraphs));
    for (const mode of ['enforce', 'strict', 'dry-run'] as const) {
      gateways[mode] = await createGateway({
        source: { supergraph: graph },
        calls: DEFAULT_CALL_POLICY,
        access: await testAccess(realm, { mode }),
        host: '127.0.0.1',
        port: 0,
      });
    }
    partnerToken = await realm.mint({ user: 'partner.x', roles: ['partner-dept'], region: '320000' });
  }, 60_000);
  afterAll(async () => {
    for (const gateway of Object.values(gateways)) await gateway.close();
    await Promise.all(Object.values(subgraphs).map((s) => s.close()));
    await realm.close();
    await sql[Symbol.asyncDispose]();
  });

  it('enforce: the forbidden field is null with its error, the rest answers', async () => {
    const result = await gql(caller(gateways.enforce.url, partnerToken), MIXED);
    expect(result.data?.orgs.nodes).toHaveLength(2);
    expect(result.data?.people.nodes.map((p: any) => p.birthDate)).toEqual([null, null]);
    expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN_FIELD', 'FORBIDDEN_FIELD']);
  });

  it.each([
    [
      'an operationName the document does not define',
      { query: 'query A { __typename }', operationName: 'B' },
      /Unknown operation named "B"/,
    ],
    [
      'two operations and no operationName',
      { query: 'query A { __typename } query C { __typename }' },
      /Must provide operation name/,
    ],
  ])('%s: OPERATION_RESOLUTION_FAILURE, nothing fetched', async (_name, body, message) => {
    const before = subgraphs['staffing']!.requests.count;
    const { url, headers } = caller(gateways.enforce.url, partnerToken);
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    const result = (await response.json()) as {
      data?: unknown;
      errors: Array<{ message: string; extensions: { code: string } }>;
    };
    expect(response.status).toBe(400);
    expect(result.errors.map((e) => e.extensions.code)).toEqual(['OPERATION_RESOLUTION_FAILURE']);
    expect(result.errors[0]!.message).toMatch(message);
    expect(subgraphs['staffing']!.requests.count).toBe(before);
  });

  it('a persisted query (APQ, by hash) is decided like the same text sent in full', async () => {
    const { url, headers } = caller(gateways.enforce.url, partnerToken);
    const sha256Hash = createHash('sha256').update(MIXED).digest('hex');
    const send = (body: object) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      }).then((r) => r.json() as Promise<any>);
    const extensions = { persistedQuery: { version: 1, sha256Hash } };
    expect((await send({ extensions })).errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    await send({ query: MIXED, extensions });
    const byHash = await send({ extensions });
    expect(byHash.data.orgs.nodes).toHaveLength(2);
    expect(byHash.data.people.nodes.map((p: any) => p.birthDate)).toEqual([null, null]);
    expect(byHash.errors.map((e: any) => e.extensions.code)).toEqual(['FORBIDDEN_FIELD', 'FORBIDDEN_FIELD']);
  });

  it('strict: any forbidden field refuses the whole request, nothing is fetched', async () => {
    const before = subgraphs['staffing']!.requests.count;
    const result = await gql(caller(gateways.strict.url, partnerToken), MIXED);
    expect(result.data).toBeUndefined();
    expect(result.errors?.map((e) => [e.extensions?.code, e.path])).toEqual([
      ['FORBIDDEN_FIELD', ['people', 'nodes', 'birthDate']],
    ]);
    expect(subgraphs['staffing']!.requests.count).toBe(before);
    const allowed = await gql(caller(gateways.strict.url, partnerToken), `{ orgs(first: 2) { nodes { name } } }`);
    expect(allowed.errors).toBeUndefined();
  });

  it('dry-run: answers in full (the log says what would have been withheld)', async () => {
    const result = await gql(caller(gateways['dry-run'].url, partnerToken), MIXED);
    expect(result.errors).toBeUndefined();
    const keys = result.data?.people.nodes.map((p: any) => p.personKey);
    const rows = await sql.rows<{ person_key: string; birth_date: string }>(
      `SELECT person_key, birth_date FROM ${testDb('staffing')}.person WHERE person_key IN (?)`,
      [keys],
    );
    const born = new Map(rows.map((r) => [r.person_key, r.birth_date]));
    expect(result.data?.people.nodes.map((p: any) => p.birthDate)).toEqual(keys.map((k: string) => born.get(k)));
  });

  it('a batched array mixing allowed and forbidden operations is decided per operation', async () => {
    const response = await fetch(gateways.enforce.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${partnerToken}` },
      body: JSON.stringify([
        { query: `{ orgs(first: 1) { nodes { name } } }` },
        { query: `{ people(first: 1) { nodes { idNumber birthDate } } }` },
        { query: `query Anon { regions { code } }` },
      ]),
    });
    const answers = (await response.json()) as Array<{
      data?: any;
      errors?: Array<{ extensions?: { code?: string }; path?: unknown[] }>;
    }>;
    expect(answers).toHaveLength(3);
    expect(answers[0]!.errors).toBeUndefined();
    expect(answers[0]!.data.orgs.nodes).toHaveLength(1);
    expect(answers[1]!.data.people.nodes[0].idNumber).toMatch(/^ps\d+-/); // INTERNAL: a pseudonym
    expect(answers[1]!.errors?.map((e) => [e.extensions?.code, e.path])).toEqual([
      ['FORBIDDEN_FIELD', ['people', 'nodes', 0, 'birthDate']],
    ]);
    expect(answers[2]!.data.regions.length).toBeGreaterThan(0);
  });
});
