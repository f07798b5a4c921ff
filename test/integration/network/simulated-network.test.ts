import { DEV_SIGNING_SECRET, subgraphSigningKey } from '../../../common/gateway-signature';
import { followNodes } from '../../../common/regional-nodes/node-feed';
import { RedisNodeFeed } from '../../../common/regional-nodes/redis-node-feed';
import { SUBGRAPH_NAMES } from '../../../common/subgraph-catalog';
import { RedisNodeStore } from '../../../gateway/control/nodes/redis-node-store';
import { NETWORK_ADMIN_TOKENS, startNetwork, type RunningNetwork } from '../../../stack/network';
import { datasetRegions } from '../../../subgraphs/seed/generate/bodies';
import { SCALES } from '../../../subgraphs/seed/scales';
import { runSupervision } from '../../../subgraphs/supervision/run-supervision';
import { caller, INSPECTION_PURPOSE, startTestRealm, testAccess, type TestRealm } from '../../support/access';
import { asGateway } from '../../support/as-gateway';
import { mysqlStorage, TEST_PREFIX, testDb } from '../../support/env';
import { gql, gqlData, type GraphqlTarget } from '../../support/graphql';
import { SqlOracle } from '../../support/mysql';
import { dropPrefix, TEST_REDIS_URL, testPrefix } from '../../support/redis';
import { allNodes, PAY_RANGE, sorted, testManifest } from '../../support/supervision';
import { waitUntil } from '../../support/wait';

const TOTALS = `query Totals($fromMonth: String!, $toMonth: String) {
  headcountReconciliation(fromMonth: $fromMonth, toMonth: $toMonth) {
    onRoll paid matched matchRate summary { kind people amount }
    coverage { complete nodesAsked nodesAnswered missingNodes missingRegions }
  }
}`;
const MISMATCHES = `query Mismatches($fromMonth: String!, $toMonth: String, $regionCode: String, $after: String) {
  headcountReconciliation(fromMonth: $fromMonth, toMonth: $toMonth, regionCode: $regionCode) {
    mismatches(first: 200, after: $after) {
      nodes { kind personKey org { uscc } payingOrgs { uscc } months amount status statusDate diedOn }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;
const BODIES = `query Bodies($fromMonth: String!, $toMonth: String, $after: String) {
  headcountReconciliation(fromMonth: $fromMonth, toMonth: $toMonth) {
    bodies(first: 200, after: $after) {
      nodes { org { uscc } paid mismatches overEstablished byType { type quota onRoll paid over } leaders { chiefPosts chiefs deputyPosts deputies exceeded } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

const WELFARE = `query Welfare($after: String) {
  welfareCrossCheck {
    summary { kind cases amount }
    byRegion { regionCode kind cases amount }
    coverage { complete missingRegions }
    findings(first: 100, after: $after) {
      nodes { kind caseNumber scheme regionCode personKey employers { uscc } diedOn payments amount }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

/** The welfare cross-check read in full. */
async function welfare(target: GraphqlTarget) {
  const first = (await gqlData(target, WELFARE, { after: null })) as { welfareCrossCheck: Record<string, unknown> };
  const { findings: _, ...totals } = first.welfareCrossCheck;
  return {
    totals,
    findings: await allNodes<{
      kind: string;
      personKey: string;
      regionCode: string;
      employers: Array<{ uscc: string }>;
    }>(target, WELFARE, {}, ['welfareCrossCheck', 'findings']),
  };
}

/** A reconciliation read in full: totals, every mismatch and every body. */
async function reconciliation(target: GraphqlTarget) {
  const path = (list: string) => ['headcountReconciliation', list];
  const totals = (await gqlData(target, TOTALS, { ...PAY_RANGE })) as {
    headcountReconciliation: Record<string, unknown>;
  };
  const { coverage, ...figures } = totals.headcountReconciliation;
  return {
    coverage: coverage as { complete: boolean; nodesAsked: number; missingNodes: string[]; missingRegions: string[] },
    figures,
    mismatches: await allNodes<{ kind: string; personKey: string; amount: number }>(
      target,
      MISMATCHES,
      { ...PAY_RANGE },
      path('mismatches'),
    ),
    bodies: await allNodes(target, BODIES, { ...PAY_RANGE }, path('bodies')),
  };
}

/**
 * npm run network at test scale: every region of the test dataset (the province, two cities, four
 * counties) runs its own node of each of the five systems over its own database, every node registered
 * through the admin API and approved by a second person; the graph over them answers as the one system.
 */
describe('the simulated network (npm run network)', () => {
  const sql = new SqlOracle();
  const regions = datasetRegions({ scale: SCALES.test }).map((r) => r.code);
  const prefix = testPrefix();
  let realm: TestRealm;
  let network: RunningNetwork;
  let feed: RedisNodeFeed;

  beforeAll(async () => {
    realm = await startTestRealm();
    // The node registry in Redis; the supervision subgraph follows it as a process of its own would.
    feed = await RedisNodeFeed.open(TEST_REDIS_URL, prefix);
    network = await startNetwork({
      storage: mysqlStorage,
      scale: 'test',
      access: await testAccess(realm),
      signingSecret: DEV_SIGNING_SECRET,
      host: '127.0.0.1',
      port: 0,
      nodes: await RedisNodeStore.connect(TEST_REDIS_URL, prefix),
      supervision: async (systems) =>
        runSupervision({
          sources: systems,
          signingSecret: DEV_SIGNING_SECRET,
          signingKey: subgraphSigningKey(DEV_SIGNING_SECRET, 'supervision'),
          port: 0,
          nodes: await followNodes(feed, 'supervision'),
        }),
    });
  }, 180_000);
  afterAll(async () => {
    await network?.[Symbol.asyncDispose]();
    await feed?.close();
    await dropPrefix(prefix);
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

  describe('supervision across the nodes', () => {
    let oneNode: Awaited<ReturnType<typeof runSupervision>>;
    let supervisor: GraphqlTarget;

    beforeAll(async () => {
      // The same check over the systems' own endpoints, each holding the whole dataset: the one-node answer.
      oneNode = await runSupervision({
        sources: network.systems,
        signingSecret: DEV_SIGNING_SECRET,
        signingKey: subgraphSigningKey(DEV_SIGNING_SECRET, 'supervision'),
        port: 0,
      });
      supervisor = caller(
        network.gateway.url,
        await realm.mint({ user: 'net.supervisor', roles: ['supervisor'], region: '320000' }),
        INSPECTION_PURPOSE,
      );
    });
    afterAll(async () => {
      for (const system of SUBGRAPH_NAMES) for (const r of regions) network.hosts[system].setDown(r, false);
      await oneNode?.close();
    });

    it("the province's headcount reconciliation over every node equals the one system's, person by person and to the cent", async () => {
      for (const system of SUBGRAPH_NAMES)
        for (const r of regions) network.hosts[system].databaseOf(r).statements.reset();
      const overNodes = await reconciliation(supervisor);
      const single = await reconciliation(
        asGateway('supervision', oneNode.url, { user: 'net.supervisor', purpose: INSPECTION_PURPOSE }),
      );
      expect(overNodes.coverage).toEqual({
        complete: true,
        nodesAsked: regions.length * 4, // each node of the four systems read
        nodesAnswered: regions.length * 4,
        missingNodes: [],
        missingRegions: [],
      } as never);
      expect(overNodes.figures).toEqual(single.figures);
      expect(overNodes.mismatches).toEqual(single.mismatches);
      expect(overNodes.bodies).toEqual(single.bodies);
      expect(overNodes.mismatches.length).toBeGreaterThan(10);
      // Every node of the four systems read was called, over its own database.
      for (const system of ['staffing', 'finance', 'activity', 'civil-affairs'] as const)
        expect(regions.filter((r) => network.hosts[system].databaseOf(r).statements.count > 0)).toEqual(regions);
    });

    it("one county's reconciliation over the nodes equals the one system's: its rows, and the people it paid resolved anywhere", async () => {
      const county = regions.at(-1)!;
      const args = { ...PAY_RANGE, regionCode: county };
      const path = ['headcountReconciliation', 'mismatches'];
      const overNodes = await allNodes<{ personKey: string }>(supervisor, MISMATCHES, args, path);
      const single = await allNodes<{ personKey: string }>(
        asGateway('supervision', oneNode.url, { user: 'net.supervisor', purpose: INSPECTION_PURPOSE }),
        MISMATCHES,
        args,
        path,
      );
      expect(overNodes).toEqual(single);
      expect(overNodes.length).toBeGreaterThan(0);
    });

    it('finds the cases planted across two regions: on the roll in one, paid by a body of another', async () => {
      const { anomalies } = testManifest();
      const regionOfBody = new Map(
        (
          await sql.rows<{ uscc: string; region: string }>(
            `SELECT uscc, region_code region FROM ${testDb('staffing')}.org`,
          )
        ).map((o) => [o.uscc, o.region]),
      );
      const across = [
        ...anomalies.PAID_BY_TWO_BODIES.map((c) => ({
          kind: 'PAID_BY_TWO_BODIES',
          key: c.personKey,
          a: c.homeUscc,
          b: c.otherUscc,
        })),
        ...anomalies.SECONDED_PAID_TWICE.map((c) => ({
          kind: 'SECONDED_PAID_TWICE',
          key: c.personKey,
          a: c.homeUscc,
          b: c.hostUscc,
        })),
      ].filter((c) => regionOfBody.get(c.a) !== regionOfBody.get(c.b));
      expect(sorted(new Set(across.map((c) => c.kind)))).toEqual(['PAID_BY_TWO_BODIES', 'SECONDED_PAID_TWICE']);
      const found = await reconciliation(supervisor);
      for (const c of across)
        expect(found.mismatches.filter((m) => m.kind === c.kind && m.personKey === c.key)).toHaveLength(1);
    });

    it("the welfare cross-check over every node equals the one system's, relief in one region and employed in another found", async () => {
      const overNodes = await welfare(supervisor);
      const single = await welfare(
        asGateway('supervision', oneNode.url, { user: 'net.supervisor', purpose: INSPECTION_PURPOSE }),
      );
      expect(overNodes).toEqual(single);
      expect(overNodes.totals['coverage']).toEqual({ complete: true, missingRegions: [] });
      const { anomalies } = testManifest();
      const regionOfBody = new Map(
        (
          await sql.rows<{ uscc: string; region: string }>(
            `SELECT uscc, region_code region FROM ${testDb('staffing')}.org`,
          )
        ).map((o) => [o.uscc, o.region]),
      );
      const across = anomalies.PUBLIC_EMPLOYEE_ON_RELIEF.filter((c) => regionOfBody.get(c.orgUscc) !== c.regionCode);
      expect(across.length).toBeGreaterThan(0);
      for (const c of across)
        expect(
          overNodes.findings.filter((f) => f.kind === 'PUBLIC_EMPLOYEE_ON_RELIEF' && f.personKey === c.personKey),
        ).toHaveLength(1);
    });

    it('a node down: the rest is reconciled and the coverage names the missing region; never kept for the next request', async () => {
      const county = regions.at(-1)!;
      // Another supervisor: the first one's complete answer is still cached, as it may be.
      const other = caller(
        network.gateway.url,
        await realm.mint({ user: 'net.supervisor.2', roles: ['supervisor'], region: '320000' }),
        INSPECTION_PURPOSE,
      );
      network.hosts.finance.setDown(county, true);
      const partial = await reconciliation(other);
      expect(partial.coverage).toMatchObject({
        complete: false,
        missingNodes: [`finance@${county}`],
        missingRegions: [county],
      });
      const paidInCounty = Number(
        await sql.value(
          `SELECT COUNT(DISTINCT person_key) FROM ${testDb('finance')}.payroll_line WHERE month BETWEEN ? AND ? AND region_code = ?`,
          [PAY_RANGE.fromMonth, PAY_RANGE.toMonth, county],
        ),
      );
      const paidOutside = Number(
        await sql.value(
          `SELECT COUNT(DISTINCT person_key) FROM ${testDb('finance')}.payroll_line WHERE month BETWEEN ? AND ? AND region_code <> ?`,
          [PAY_RANGE.fromMonth, PAY_RANGE.toMonth, county],
        ),
      );
      expect(paidInCounty).toBeGreaterThan(0);
      expect(partial.figures['paid']).toBe(paidOutside);
      network.hosts.finance.setDown(county, false);
      const whole = await reconciliation(other);
      expect(whole.coverage).toMatchObject({ complete: true, missingRegions: [] });
    });

    it('a node suspended on the gateway is left out of the checks within 2 s, and read again once resumed', async () => {
      const county = regions.at(-1)!;
      const admin = async (query: string) => {
        const response = await fetch(network.gateway.url.replace(/\/graphql$/, '/admin/graphql'), {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${NETWORK_ADMIN_TOKENS.approver}` },
          body: JSON.stringify({ query }),
        });
        expect(((await response.json()) as { errors?: unknown }).errors).toBeUndefined();
      };
      let asked = 0;
      /** The nodes a fresh supervisor's check asks (a new user each time: no cached result). */
      const nodesAsked = async () => {
        const target = caller(
          network.gateway.url,
          await realm.mint({ user: `net.poll.${++asked}`, roles: ['supervisor'], region: '320000' }),
          INSPECTION_PURPOSE,
        );
        return (await reconciliation(target)).coverage.nodesAsked;
      };
      const all = await nodesAsked();
      await admin(`mutation { suspendNode(id: "finance@${county}", reason: "maintenance") { id } }`);
      const seenIn = await waitUntil(2_000, async () => (await nodesAsked()) === all - 1);
      expect(seenIn).toBeLessThan(2_000);
      await admin(`mutation { resumeNode(id: "finance@${county}") { id } }`);
      await waitUntil(2_000, async () => (await nodesAsked()) === all);
    });
  });
});
