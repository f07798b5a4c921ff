import { DEV_SIGNING_SECRET } from '../../../common/gateway-signature';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../../common/subgraph-catalog';
import { runCases, type StartedCases } from '../../../subgraphs/cases/run-cases';
import { mysqlStorage, TEST_PREFIX } from '../../support/env';
import { gql, gqlData } from '../../support/graphql';
import { SqlOracle } from '../../support/mysql';
import { dropPrefix, TEST_REDIS_URL, testPrefix } from '../../support/redis';
import { startTestStack, type TestStack } from '../../support/stack';
import { sorted } from '../../support/supervision';

/**
 * 预警规则 through the gateway: a rule run twice raises each finding once (a stable key per finding),
 * each new alert opens a lead; and with two replicas of the cases system on one Redis, a rule on a
 * one-second schedule runs once per occurrence (BullMQ hands each to one replica, the run key guards
 * a second delivery).
 */
const CASES_DB = `${TEST_PREFIX}cases`;
const CREATE = `mutation($input: WatchRuleInput!) { createWatchRule(input: $input) { id active } }`;
const RUN = `mutation($id: ID!) { runWatchRule(id: $id) { findings newAlerts error } }`;
const ALERTS = `query($ruleId: ID!) { alerts(ruleId: $ruleId, first: 100) { totalCount nodes { kind person { personKey } timesSeen lead { source kind state } } } }`;
const WELFARE = `{ welfareCrossCheck { findings(first: 500) { nodes { kind caseNumber personKey } } } }`;

interface Alert {
  kind: string;
  person: { personKey: string } | null;
  timesSeen: number;
  lead: { source: string; kind: string; state: string };
}

describe('cases: watch rules', () => {
  const sql = new SqlOracle();
  const redisPrefix = testPrefix();
  let stack: TestStack;

  const createRule = async (name: string, schedule: string) =>
    (
      (await gqlData(stack.supervisor, CREATE, {
        input: { name, office: '省纪委监委第一监督检查室', check: 'WELFARE', regionCode: '320000', schedule },
      })) as { createWatchRule: { id: string } }
    ).createWatchRule.id;

  beforeAll(async () => {
    stack = await startTestStack(mysqlStorage);
  });
  afterAll(async () => {
    await stack?.[Symbol.asyncDispose]();
    await dropPrefix(redisPrefix);
    await sql[Symbol.asyncDispose]();
  });

  it('raises each finding once however often the rule runs, each alert with its own lead', async () => {
    const id = await createRule('民政：公职人员享受低保', '0 2 1 * *');
    const first = (await gqlData(stack.supervisor, RUN, { id })) as { runWatchRule: Record<string, unknown> };
    const second = (await gqlData(stack.supervisor, RUN, { id })) as { runWatchRule: Record<string, unknown> };
    const expected = (
      (await gqlData(stack.supervisor, WELFARE)) as {
        welfareCrossCheck: { findings: { nodes: Array<{ kind: string; personKey: string }> } };
      }
    ).welfareCrossCheck.findings.nodes;
    expect(expected.length).toBeGreaterThan(0);
    expect(first.runWatchRule).toEqual({ findings: expected.length, newAlerts: expected.length, error: null });
    expect(second.runWatchRule).toEqual({ findings: expected.length, newAlerts: 0, error: null });
    const alerts = (
      (await gqlData(stack.supervisor, ALERTS, { ruleId: id })) as {
        alerts: { totalCount: number; nodes: Alert[] };
      }
    ).alerts;
    expect(alerts.totalCount).toBe(expected.length);
    expect(sorted(alerts.nodes.map((a) => `${a.kind}|${a.person?.personKey ?? ''}`))).toEqual(
      sorted(expected.map((f) => `${f.kind}|${f.personKey}`)),
    );
    for (const a of alerts.nodes) {
      expect(a.timesSeen).toBe(2);
      expect(a.lead).toEqual({ source: 'ALERT', kind: a.kind, state: 'REGISTERED' });
    }
  });

  it("a workload rule raises one alert per person and category the activity system's workload check names", async () => {
    const { createWatchRule } = (await gqlData(stack.supervisor, CREATE, {
      input: {
        name: '履职监测：工作量异常',
        office: '省纪委监委第二监督检查室',
        check: 'WORKLOAD',
        regionCode: '320000',
        lookbackMonths: 6,
        schedule: '0 2 1 * *',
      },
    })) as { createWatchRule: { id: string } };
    // Run as of mid-July 2026: the six months before are the dataset's window.
    const run = await stack.cases.runner.run(
      Number(createWatchRule.id),
      'workload-july',
      new Date('2026-07-15T00:00:00Z'),
    );
    const expected = (
      (await gqlData(
        stack.supervisor,
        `{ workload(filter: { by: PERSON, from: "2026-01-01", to: "2026-06-30", onlyOutliers: true }, first: 500) { nodes { person { personKey } category { code } deviation } } }`,
      )) as { workload: { nodes: Array<{ person: { personKey: string }; deviation: string }> } }
    ).workload.nodes;
    expect(expected.length).toBeGreaterThan(0);
    expect({ error: run!.error, findings: run!.findings, newAlerts: run!.newAlerts }).toEqual({
      error: null,
      findings: expected.length,
      newAlerts: expected.length,
    });
    const alerts = (
      (await gqlData(stack.supervisor, ALERTS, { ruleId: createWatchRule.id })) as { alerts: { nodes: Alert[] } }
    ).alerts.nodes;
    expect(sorted(alerts.map((a) => `${a.kind}|${a.person!.personKey}`))).toEqual(
      sorted(expected.map((w) => `WORKLOAD_${w.deviation}|${w.person.personKey}`)),
    );
  });

  it('refuses rules from non-supervisors, outside the scope, or with a schedule that is not cron', async () => {
    const rectifier = {
      url: stack.gatewayUrl,
      token: await stack.realm.mint({ user: 'r', roles: ['rectifier'], region: '320000' }),
    };
    const input = { name: 'x rule', office: 'office', check: 'WELFARE', regionCode: '320000', schedule: '0 2 1 * *' };
    const codeOf = async (target: Parameters<typeof gql>[0], patch: Record<string, unknown>) =>
      (await gql(target, CREATE, { input: { ...input, ...patch } })).errors?.[0]?.extensions?.['code'];
    expect(await codeOf(rectifier, {})).toBe('FORBIDDEN_FIELD');
    expect(await codeOf(stack.supervisor, { regionCode: '110000' })).toBe('OUT_OF_SCOPE');
    expect(await codeOf(stack.supervisor, { schedule: 'every day' })).toBe('BAD_USER_INPUT');
    expect(await codeOf(stack.supervisor, { schedule: '0 2 1 * *; rm -rf /' })).toBe('BAD_USER_INPUT');
  });

  it('runs a scheduled rule once per occurrence across two replicas', async () => {
    const id = await createRule('每秒一次（测试）', '* * * * * *');
    const sources = Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, stack.subgraphs[n].url])) as Record<
      SubgraphName,
      string
    >;
    const replica = (runnerName: string) =>
      runCases({
        storage: mysqlStorage,
        sources,
        signingSecret: DEV_SIGNING_SECRET,
        port: 0,
        redis: { url: TEST_REDIS_URL, prefix: redisPrefix },
        runnerName,
      });
    let a: StartedCases | undefined;
    let b: StartedCases | undefined;
    try {
      [a, b] = await Promise.all([replica('replica-a'), replica('replica-b')]);
      await new Promise((done) => setTimeout(done, 5_000));
    } finally {
      // The replicas stop first: an occurrence handed to one after the rule is paused would be counted
      // as handed without being run.
      await Promise.all([a?.close(), b?.close()]);
      await gqlData(stack.supervisor, `mutation($id: ID!) { setWatchRuleActive(id: $id, active: false) { active } }`, {
        id,
      });
    }
    const runs = await sql.rows<{ runKey: string; runner: string; newAlerts: number; error: string | null }>(
      `SELECT run_key runKey, runner, new_alerts newAlerts, error FROM ${CASES_DB}.rule_run WHERE rule_id = ? ORDER BY id`,
      [Number(id)],
    );
    expect(runs.length).toBeGreaterThanOrEqual(3);
    expect(new Set(runs.map((r) => r.runKey)).size).toBe(runs.length);
    // Each occurrence was handed to one replica only: nothing was delivered twice and refused by the guard.
    expect(a!.runner.handed + b!.runner.handed).toBe(runs.length);
    expect(a!.runner.claimed + b!.runner.claimed).toBe(runs.length);
    expect(runs.every((r) => r.error === null)).toBe(true);
    // The first run raised the alerts; every later one found the same and raised none.
    expect(runs.slice(1).every((r) => Number(r.newAlerts) === 0)).toBe(true);
    const alerts = await sql.value<number>(`SELECT COUNT(*) FROM ${CASES_DB}.alert WHERE rule_id = ?`, [Number(id)]);
    expect(Number(runs[0]!.newAlerts)).toBe(Number(alerts));
  });
});
