import { createClient } from 'redis';

import type { SubgraphDatabase } from '../../../common/database/database';
import { DEV_SIGNING_SECRET, encodeAccess, signRequest, subgraphSigningKey } from '../../../common/gateway-signature';
import type { RunningServer } from '../../../common/http-server';
import { NodeHistory } from '../../../gateway/control/nodes/node-history';
import { RedisNodeStore } from '../../../gateway/control/nodes/redis-node-store';
import { RedisRegistryStore } from '../../../gateway/control/registry/redis-store';
import type { RegistryGateway } from '../../../gateway/create-gateway';
import { openGatewayDatabase } from '../../../gateway/database/gateway-database';
import { runSubgraph, type StartedSubgraph } from '../../../subgraphs/common/run-subgraph';
import { SUBGRAPH_DEFINITIONS } from '../../../subgraphs/definitions';
import { startPartnerSubgraph } from '../../../subgraphs/partner-example/housing-subgraph';
import { partitionSystem } from '../../../subgraphs/seed/partition-nodes';
import { caller, startTestRealm, testAccess, type Caller, type TestRealm } from '../../support/access';
import { mysqlStorage, TEST_MYSQL_URL, TEST_PREFIX, testDb } from '../../support/env';
import { gql, type GraphqlResponse } from '../../support/graphql';
import { SqlOracle } from '../../support/mysql';
import { dropPrefix, TEST_REDIS_URL, testPrefix } from '../../support/redis';
import { startRegistryGateway } from '../../support/registry-stack';
import { shippedSpecs, startSubgraphs } from '../../support/stack';
import { waitUntil } from '../../support/wait';

/**
 * Civil affairs run by five regional nodes over the test dataset partitioned by region: the province
 * (320000), Nanjing (320100, also serving 320104, which has no node of its own), 玄武 320102, Wuxi
 * (320200, also serving 320206) and 320205. Each node is its own HTTP server over its own MariaDB
 * database, with its own signing key.
 */
const NODES = ['320000', '320100', '320102', '320200', '320205'] as const;
const nodePrefix = (region: string) => `${TEST_PREFIX}node_${region}_`;
const PURPOSE = `MZ-2026-0001; ${encodeURIComponent('区域节点核查')}`;
const RELIEF = `query Relief($first: Int, $after: String) {
  beneficiaries(first: $first, after: $after) { totalCount nodes { id caseNumber household { regionCode } } pageInfo { hasNextPage endCursor } }
}`;
const REGISTER = `mutation ($input: RegisterNodeInput!) { registerNode(input: $input) { id status schema registeredBy } }`;
const codes = (r: { errors?: Array<{ extensions?: Record<string, unknown> }> }) =>
  (r.errors ?? []).map((e) => e.extensions?.['code']);

describe('regional nodes: one system, many nodes, routed by scope', () => {
  const prefix = testPrefix();
  const sql = new SqlOracle();
  let subgraphs: Record<string, StartedSubgraph>;
  const nodes = new Map<string, StartedSubgraph>();
  let partner: RunningServer;
  let realm: TestRealm;
  let a: RegistryGateway;
  let b: RegistryGateway;
  let admin: Record<'registrant' | 'approver' | 'wuxi', string>;
  let gatewayDb: SubgraphDatabase;
  let start: () => Promise<RegistryGateway>;

  const adminCall = async (
    gateway: RunningServer,
    token: string,
    query: string,
    variables?: Record<string, unknown>,
  ) => {
    const response = await fetch(gateway.url.replace('/graphql', '/admin/graphql'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphqlResponse<any>;
  };
  const officer = async (gateway: RunningServer, region: string): Promise<Caller> =>
    caller(gateway.url, await realm.mint({ user: `mz.${region}`, roles: ['civil-affairs-officer'], region }), PURPOSE);
  const calledNodes = () => [...nodes].filter(([, n]) => n.database.statements.count > 0).map(([r]) => r);
  const resetCounts = () => nodes.forEach((n) => n.database.statements.reset());
  const register = (region: string, token = admin.registrant, url = nodes.get(region)!.url) =>
    adminCall(a, token, REGISTER, {
      input: {
        system: 'civil-affairs',
        regionCode: region,
        url,
        office: `${region} 民政局信息中心`,
        contact: `it@${region}.gov.cn`,
      },
    });

  beforeAll(async () => {
    await partitionSystem(
      TEST_MYSQL_URL,
      'civil-affairs',
      TEST_PREFIX,
      NODES.map((regionCode) => ({ regionCode, databasePrefix: nodePrefix(regionCode) })),
    );
    subgraphs = await startSubgraphs(mysqlStorage);
    for (const region of NODES)
      nodes.set(
        region,
        await runSubgraph(SUBGRAPH_DEFINITIONS['civil-affairs'], {
          storage: { ...mysqlStorage, databasePrefix: nodePrefix(region) },
          port: 0,
          signingKey: subgraphSigningKey(DEV_SIGNING_SECRET, `civil-affairs@${region}`),
        }),
      );
    partner = await startPartnerSubgraph();
    realm = await startTestRealm();
    const mint = (user: string, region: string) => realm.mint({ user, roles: ['node-admin'], region });
    admin = {
      registrant: await mint('node.registrant', '320000'),
      approver: await mint('node.approver', '320000'),
      wuxi: await mint('node.wuxi', '320200'),
    };
    await sql.rows(`DROP DATABASE IF EXISTS ${TEST_PREFIX}nodes_gateway`);
    gatewayDb = await openGatewayDatabase({ ...mysqlStorage, databasePrefix: `${TEST_PREFIX}nodes_` });
    start = async () =>
      startRegistryGateway(await testAccess(realm), {
        store: await RedisRegistryStore.connect(TEST_REDIS_URL, prefix),
        nodes: await RedisNodeStore.connect(TEST_REDIS_URL, prefix),
        nodeHistory: new NodeHistory(gatewayDb),
        bootstrap: () => shippedSpecs(subgraphs),
      });
    a = await start();
    b = await start();
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a?.close(), b?.close(), partner?.close(), realm?.close()]);
    await gatewayDb?.close();
    await Promise.all([...nodes.values(), ...Object.values(subgraphs ?? {})].map((s) => s.close()));
    for (const region of NODES) await sql.rows(`DROP DATABASE IF EXISTS ${nodePrefix(region)}civil_affairs`);
    await sql[Symbol.asyncDispose]();
    await dropPrefix(prefix);
  });

  it('refuses a node that serves another schema, or whose registrant approves it, or outside the actor’s region', async () => {
    const other = await register('320206', admin.registrant, partner.url);
    expect(codes(other)).toEqual(['REGISTRY_REFUSED']);
    expect(other.errors![0]!.message).toMatch(/does not serve the system's schema|could not be asked/);

    const outside = await register('320102', admin.wuxi);
    expect(codes(outside)).toEqual(['REGISTRY_REFUSED']);
    expect(outside.errors![0]!.message).toMatch(/no authority over region 320102/);

    const registered = await register('320102');
    expect(registered.errors).toBeUndefined();
    expect(registered.data.registerNode).toEqual({
      id: 'civil-affairs@320102',
      status: 'PENDING',
      schema: 'SAME',
      registeredBy: 'node.registrant',
    });
    const approve = 'mutation ($id: ID!) { approveNode(id: $id) { status decidedBy } }';
    const own = await adminCall(a, admin.registrant, approve, { id: 'civil-affairs@320102' });
    expect(own.errors![0]!.message).toMatch(/a second person approves/);
    const foreign = await adminCall(a, admin.wuxi, approve, { id: 'civil-affairs@320102' });
    expect(foreign.errors![0]!.message).toMatch(/no authority/);
    // A region is held by one node of a system at a time.
    const twice = await register('320102');
    expect(twice.errors![0]!.message).toMatch(/already has a node for 320102/);
  });

  it('approved on one instance, routed to by the other within 2 s, with no composition', async () => {
    const versions = [a.version(), b.version()];
    for (const region of NODES.filter((r) => r !== '320102')) expect((await register(region)).errors).toBeUndefined();
    const county = await officer(b, '320102');
    for (const region of NODES) {
      const approved = await adminCall(a, admin.approver, 'mutation ($id: ID!) { approveNode(id: $id) { status } }', {
        id: `civil-affairs@${region}`,
      });
      expect(approved.data?.approveNode).toEqual({ status: 'ACTIVE' });
    }
    await waitUntil(2000, async () => {
      resetCounts();
      await gql(county, RELIEF, { first: 5 });
      return calledNodes().join() === '320102';
    });
    expect([a.version(), b.version()]).toEqual(versions);
  });

  it.each([
    ['a county with its own node', '320102', ['320102']],
    ['a county served by its city’s node', '320104', ['320100']],
    ['a city', '320100', ['320100', '320102']],
    ['the province', '320000', [...NODES]],
  ])('%s (%s) calls only the nodes holding its rows, and reads exactly them', async (_what, region, expected) => {
    const who = await officer(a, region);
    resetCounts();
    const answer = await gql(who, RELIEF, { first: 500 });
    expect(answer.errors).toBeUndefined();
    expect(calledNodes().sort()).toEqual([...expected].sort());
    const prefixOf = region.endsWith('0000') ? region.slice(0, 2) : region.endsWith('00') ? region.slice(0, 4) : region;
    const expectedIds = await sql.rows<{ id: number }>(
      `SELECT b.id FROM ${testDb('civil_affairs')}.beneficiary b WHERE b.region_code LIKE ? ORDER BY b.id`,
      [`${prefixOf}%`],
    );
    const connection = answer.data!['beneficiaries'];
    expect(connection.totalCount).toBe(expectedIds.length);
    // One page of at most 500 (the page size cap): rows of the scope, each once.
    const ids = connection.nodes.map((n: { id: string }) => Number(n.id));
    expect(ids).toHaveLength(Math.min(500, expectedIds.length));
    expect(new Set(ids).size).toBe(ids.length);
    const inScope = new Set(expectedIds.map((r) => r.id));
    expect(ids.filter((id: number) => !inScope.has(id))).toEqual([]);
    for (const n of connection.nodes) expect(n.household.regionCode.startsWith(prefixOf)).toBe(true);
    expect(answer.extensions?.['coverage']).toEqual({
      complete: true,
      systems: { 'civil-affairs': { nodesAsked: expected.length, nodesAnswered: expected.length, missingRegions: [] } },
    });
  });

  it('a cross-region grant widens routing exactly as it widens rows', async () => {
    const grantor = caller(
      a.url.replace('/graphql', '/governance/graphql'),
      await realm.mint({ user: 'admin.grants', roles: ['registry-admin'], region: '320000' }),
    );
    const granted = await gql(
      grantor,
      `mutation ($i: RegionGrantInput!) { grantCrossRegion(input: $i) { regionCode } }`,
      {
        i: {
          grantee: 'mz.320102',
          regionCode: '320205',
          caseNumber: 'MZ-2026-0001',
          purposeText: '异地核查 cross-region check',
          expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
        },
      },
    );
    expect(granted.errors).toBeUndefined();
    const who = await officer(a, '320102');
    resetCounts();
    const answer = await gql(who, RELIEF, { first: 500 });
    expect(calledNodes().sort()).toEqual(['320102', '320205']);
    const expected = await sql.value<number>(
      `SELECT COUNT(*) FROM ${testDb('civil_affairs')}.beneficiary WHERE region_code LIKE '320102%' OR region_code LIKE '320205%'`,
    );
    expect(answer.data!['beneficiaries'].totalCount).toBe(Number(expected));
    for (const n of answer.data!['beneficiaries'].nodes)
      expect(['320102', '320205']).toContain(n.household.regionCode.slice(0, 6));
  });

  it("a query's own region filter narrows routing within the scope, never beyond it", async () => {
    const province = await officer(a, '320000');
    const byRegion = `query ($region: String) { beneficiaries(first: 500, filter: { regionCode: $region }) { totalCount } }`;
    const count = (prefix: string) =>
      sql.value<number>(`SELECT COUNT(*) FROM ${testDb('civil_affairs')}.beneficiary WHERE region_code LIKE ?`, [
        `${prefix}%`,
      ]);
    resetCounts();
    const county = await gql(province, byRegion, { region: '320205' });
    expect(county.data!['beneficiaries'].totalCount).toBe(Number(await count('320205')));
    expect(calledNodes()).toEqual(['320205']);
    // A county officer filtering on another county reads nothing, and asks no node outside its own.
    resetCounts();
    const outside = await gql(await officer(a, '320104'), byRegion, { region: '320205' });
    expect(outside.data!['beneficiaries'].totalCount).toBe(0);
    expect(calledNodes().filter((r) => r !== '320100')).toEqual([]);
  });

  it('pages across nodes are the pages one system gives: same rows, same order, same cursors', async () => {
    const who = await officer(a, '320000');
    const all = (
      await sql.rows<{ id: number }>(`SELECT id FROM ${testDb('civil_affairs')}.beneficiary ORDER BY id`)
    ).map((r) => r.id);
    let after: string | null = null;
    let pages = 0;
    for (let offset = 0; offset < all.length; offset += 70, pages++) {
      const answer: GraphqlResponse<Record<string, any>> = await gql(who, RELIEF, {
        first: 70,
        ...(after ? { after } : {}),
      });
      expect(answer.errors).toBeUndefined();
      const connection = answer.data!['beneficiaries'];
      expect(connection.totalCount).toBe(all.length);
      expect(connection.nodes.map((n: { id: string }) => Number(n.id))).toEqual(all.slice(offset, offset + 70));
      expect(connection.pageInfo.hasNextPage).toBe(offset + 70 < all.length);
      // The cursor one system issues: after the page's last id.
      expect(Buffer.from(connection.pageInfo.endCursor, 'base64url').toString()).toBe(
        `id:${all[Math.min(offset + 70, all.length) - 1]}`,
      );
      after = connection.pageInfo.endCursor;
    }
    expect(pages).toBe(Math.ceil(all.length / 70));
    const forged = await gql(who, RELIEF, { first: 5, after: Buffer.from("id:1' OR 1=1").toString('base64url') });
    expect(codes(forged)).toEqual(['BAD_USER_INPUT']);
  });

  it('entities from another system merge from every node of the scope, as one civil-affairs system answers them', async () => {
    // Staff who are also members of relief households (the welfare cross-check's cases), and some who are not.
    const members = await sql.rows<{ person_key: string; n: number }>(
      `SELECT m.person_key, COUNT(*) AS n FROM ${testDb('civil_affairs')}.household_member m
       JOIN ${testDb('staffing')}.person p ON p.person_key = m.person_key GROUP BY m.person_key`,
    );
    const others = await sql.rows<{ person_key: string }>(
      `SELECT person_key FROM ${testDb('staffing')}.person ORDER BY id LIMIT 3`,
    );
    expect(members.length).toBeGreaterThan(0);
    const keys = [...members.map((m) => m.person_key), ...others.map((o) => o.person_key)];
    const query = `{ ${keys
      .map(
        (k, i) =>
          `p${i}: person(personKey: "${k}") { personKey reliefMemberships { relation household { regionCode } } }`,
      )
      .join(' ')} }`;
    const network = await gql(await officer(a, '320000'), query);
    expect(network.errors).toBeUndefined();
    const expected = new Map(members.map((m) => [m.person_key, Number(m.n)]));
    keys.forEach((key, i) => expect(network.data![`p${i}`].reliefMemberships.length).toBe(expected.get(key) ?? 0));
  });

  it('a node’s key signs for that node only', async () => {
    const body = JSON.stringify({ query: '{ _service { sdl } }' });
    const key = subgraphSigningKey(DEV_SIGNING_SECRET, 'civil-affairs@320102');
    const access = encodeAccess({ user: 'x', roles: [], clearance: 'PUBLIC', regions: [], purpose: null });
    const send = (region: string) =>
      fetch(nodes.get(region)!.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...signRequest(key, { method: 'POST', path: '/graphql', access, body }),
        },
        body,
      });
    expect((await send('320102')).status).toBe(200);
    expect((await send('320205')).status).toBe(401);
  });

  it('a node down: the rest arrives, with the missing region named; suspended, it is not asked; retired, it stays so', async () => {
    const province = await officer(a, '320000');
    await nodes.get('320205')!.close();
    const answer = await gql(province, RELIEF, { first: 500 });
    const missing = await sql.value<number>(
      `SELECT COUNT(*) FROM ${testDb('civil_affairs')}.beneficiary WHERE region_code LIKE '320205%'`,
    );
    const all = await sql.value<number>(`SELECT COUNT(*) FROM ${testDb('civil_affairs')}.beneficiary`);
    expect(answer.data!['beneficiaries'].totalCount).toBe(Number(all) - Number(missing));
    expect(answer.errors?.map((e) => [e.extensions?.['code'], e.extensions?.['regions']])).toEqual([
      ['SUBGRAPH_UNAVAILABLE', ['320205']],
    ]);
    expect(answer.extensions?.['coverage']).toMatchObject({
      complete: false,
      systems: { 'civil-affairs': { nodesAsked: 5, nodesAnswered: 4, missingRegions: ['320205'] } },
    });

    // Readiness sums the nodes per system rather than listing each.
    const readyz = (await (await fetch(a.url.replace('/graphql', '/readyz'))).json()) as {
      subgraphs: Record<string, string>;
      nodes: Record<string, { active: number }>;
    };
    expect(readyz.nodes['civil-affairs']!.active).toBe(5);
    for (const n of nodes.values()) expect(readyz.subgraphs[n.url]).toBeUndefined();

    const suspend = await adminCall(
      a,
      admin.wuxi,
      'mutation { suspendNode(id: "civil-affairs@320205", reason: "停机维护") { status } }',
    );
    expect(suspend.data?.suspendNode).toEqual({ status: 'SUSPENDED' });
    const provinceOnB = await officer(b, '320000');
    await waitUntil(2000, async () => (await gql(provinceOnB, RELIEF, { first: 1 })).errors === undefined);
    const retire = await adminCall(b, admin.wuxi, 'mutation { retireNode(id: "civil-affairs@320205") { status } }');
    expect(retire.data?.retireNode).toEqual({ status: 'RETIRED' });
    const listed = await adminCall(
      a,
      admin.approver,
      '{ regionalNodes(system: "civil-affairs", status: ACTIVE) { regionCode } }',
    );
    expect(listed.data?.regionalNodes.map((n: { regionCode: string }) => n.regionCode)).toEqual([
      '320000',
      '320100',
      '320102',
      '320200',
    ]);
    const events = await adminCall(a, admin.approver, '{ nodeEvents(last: 3) { actor action node } }');
    expect(events.data?.nodeEvents.slice(-2)).toEqual([
      { actor: 'node.wuxi', action: 'suspend', node: 'civil-affairs@320205' },
      { actor: 'node.wuxi', action: 'retire', node: 'civil-affairs@320205' },
    ]);
  });

  it('Redis lost its nodes: an instance started then restores them from the gateway database and routes to them', async () => {
    const client = createClient({ url: TEST_REDIS_URL });
    await client.connect();
    for await (const keys of client.scanIterator({ MATCH: `${prefix}nodes*`, COUNT: 500 }))
      if (keys.length) await client.del(keys);
    expect(await client.hLen(`${prefix}nodes`)).toBe(0);
    await client.close();
    const c = await start();
    try {
      const listed = await adminCall(
        c,
        admin.approver,
        '{ regionalNodes(system: "civil-affairs") { regionCode status } }',
      );
      expect(listed.data?.regionalNodes).toEqual([
        { regionCode: '320000', status: 'ACTIVE' },
        { regionCode: '320100', status: 'ACTIVE' },
        { regionCode: '320102', status: 'ACTIVE' },
        { regionCode: '320200', status: 'ACTIVE' },
        { regionCode: '320205', status: 'RETIRED' },
      ]);
      resetCounts();
      const county = await gql(await officer(c, '320102'), RELIEF, { first: 5 });
      expect(county.errors).toBeUndefined();
      expect(calledNodes()).toEqual(['320102']);
    } finally {
      await c.close();
    }
  });
});
