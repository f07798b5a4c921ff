import { DEV_SIGNING_SECRET } from '../../../common/gateway-signature';
import { SUBGRAPH_NAMES } from '../../../common/subgraph-catalog';
import { startNetwork, type RunningNetwork } from '../../../stack/network';
import { datasetRegions } from '../../../subgraphs/seed/generate/bodies';
import { SCALES } from '../../../subgraphs/seed/scales';
import { caller, INSPECTION_PURPOSE, startTestRealm, testAccess, type TestRealm } from '../../support/access';
import { mysqlStorage, TEST_PREFIX, testDb } from '../../support/env';
import { gql } from '../../support/graphql';
import { SqlOracle } from '../../support/mysql';

/**
 * npm run network at test scale: every region of the test dataset (the province, two cities, four
 * counties) runs its own node of each of the five systems over its own database, every node registered
 * through the admin API and approved by a second person; the graph over them answers as the one system.
 */
describe('the simulated network (npm run network)', () => {
  const sql = new SqlOracle();
  const regions = datasetRegions({ scale: SCALES.test }).map((r) => r.code);
  let realm: TestRealm;
  let network: RunningNetwork;

  beforeAll(async () => {
    realm = await startTestRealm();
    network = await startNetwork({
      storage: mysqlStorage,
      scale: 'test',
      access: await testAccess(realm),
      signingSecret: DEV_SIGNING_SECRET,
      host: '127.0.0.1',
      port: 0,
    });
  }, 180_000);
  afterAll(async () => {
    await network?.[Symbol.asyncDispose]();
    await realm?.close();
    for (const region of regions)
      for (const system of SUBGRAPH_NAMES)
        await sql.rows(`DROP DATABASE IF EXISTS ${TEST_PREFIX}net_${region}_${system.replace(/-/g, '_')}`);
    await sql[Symbol.asyncDispose]();
  });

  it('every region runs a node of every system, each over its own share of the rows', async () => {
    const ready = (await (await fetch(network.gateway.url.replace('/graphql', '/readyz'))).json()) as {
      nodes: Record<string, { active: number }>;
    };
    for (const system of SUBGRAPH_NAMES) expect(ready.nodes[system]!.active).toBe(regions.length);
    const perNode = await Promise.all(
      regions.map((r) => sql.value<number>(`SELECT COUNT(*) FROM ${TEST_PREFIX}net_${r}_staffing.person`)),
    );
    expect(perNode.reduce((a, b) => a + Number(b), 0)).toBe(
      Number(await sql.value(`SELECT COUNT(*) FROM ${testDb('staffing')}.person`)),
    );
  });

  it('a province supervisor reads the whole province, as one system holds it', async () => {
    const supervisor = caller(
      network.gateway.url,
      await realm.mint({ user: 'net.supervisor', roles: ['supervisor'], region: '320000' }),
      INSPECTION_PURPOSE,
    );
    const answer = await gql(
      supervisor,
      '{ people(first: 5) { totalCount } orgs(first: 5) { totalCount } beneficiaries(first: 5) { totalCount } workRecords(first: 5) { totalCount } }',
    );
    expect(answer.errors).toBeUndefined();
    const count = async (db: Parameters<typeof testDb>[0], table: string) =>
      Number(await sql.value(`SELECT COUNT(*) FROM ${testDb(db)}.${table}`));
    expect(answer.data).toEqual({
      people: { totalCount: await count('staffing', 'person') },
      orgs: { totalCount: await count('staffing', 'org') },
      beneficiaries: { totalCount: await count('civil_affairs', 'beneficiary') },
      workRecords: { totalCount: await count('activity', 'work_record') },
    });
    expect(answer.extensions?.['coverage']).toMatchObject({ complete: true });
  });

  it("a county officer's query reaches that county's nodes only", async () => {
    const county = regions.at(-1)!;
    const officer = caller(
      network.gateway.url,
      await realm.mint({ user: 'net.county', roles: ['civil-affairs-officer'], region: county }),
      'MZ-2026-0002; county check',
    );
    for (const system of SUBGRAPH_NAMES)
      for (const r of regions) network.hosts[system].databaseOf(r).statements.reset();
    const answer = await gql(officer, '{ beneficiaries(first: 50) { totalCount nodes { household { regionCode } } } }');
    expect(answer.errors).toBeUndefined();
    const called = regions.filter((r) => network.hosts['civil-affairs'].databaseOf(r).statements.count > 0);
    expect(called).toEqual([county]);
    expect(answer.data!['beneficiaries'].totalCount).toBe(
      Number(
        await sql.value(`SELECT COUNT(*) FROM ${testDb('civil_affairs')}.beneficiary WHERE region_code LIKE ?`, [
          `${county}%`,
        ]),
      ),
    );
  });
});
