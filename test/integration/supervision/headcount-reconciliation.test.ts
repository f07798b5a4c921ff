import { caller, type Caller } from '../../support/access';
import { mysqlStorage, testDb } from '../../support/env';
import { gql, gqlData } from '../../support/graphql';
import { SqlOracle } from '../../support/mysql';
import { startTestStack, type TestStack } from '../../support/stack';
import { allNodes, PAY_RANGE, sorted, testManifest } from '../../support/supervision';

/**
 * 编制核查 through the gateway, against the generator's ground truth and against plain SQL over the
 * source databases: every planted case found, nothing else reported, for a province-wide supervisor
 * and for a city's staffing officer, with amounts shown only to clearances cleared for pay.
 */
const MISMATCHES = `query Mismatches($fromMonth: String!, $toMonth: String, $regionCode: String, $orgUscc: ID, $after: String) {
  headcountReconciliation(fromMonth: $fromMonth, toMonth: $toMonth, regionCode: $regionCode, orgUscc: $orgUscc) {
    mismatches(first: 200, after: $after) {
      nodes { kind personKey org { uscc } payingOrgs { uscc } months amount status }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

const BODIES = `query Bodies($fromMonth: String!, $toMonth: String, $regionCode: String, $after: String) {
  headcountReconciliation(fromMonth: $fromMonth, toMonth: $toMonth, regionCode: $regionCode) {
    bodies(first: 200, after: $after) {
      nodes { org { uscc } paid mismatches overEstablished byType { type quota onRoll paid over } leaders { chiefPosts chiefs deputyPosts deputies exceeded } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

interface Mismatch {
  kind: string;
  personKey: string;
  org: { uscc: string } | null;
  payingOrgs: Array<{ uscc: string }>;
  months: string[];
  amount: number;
  status: string | null;
}

interface Body {
  org: { uscc: string };
  paid: number;
  mismatches: number;
  overEstablished: boolean;
  byType: Array<{ type: string; quota: number; onRoll: number; paid: number; over: number }>;
  leaders: { chiefPosts: number; chiefs: number; deputyPosts: number; deputies: number; exceeded: boolean };
}

const of = (mismatches: Mismatch[], kind: string) => mismatches.filter((m) => m.kind === kind);

describe('supervision: headcount reconciliation', () => {
  const sql = new SqlOracle();
  const manifest = testManifest();
  const staffing = testDb('staffing');
  const finance = testDb('finance');
  let stack: TestStack;
  let supervisor: Caller;
  let cityOfficer: Caller;
  let mismatches: Mismatch[];
  /** SQL over the payroll: the bodies that paid the person of a mismatch in its months. */
  let payersOf: (m: Mismatch) => string[];

  beforeAll(async () => {
    stack = await startTestStack(mysqlStorage);
    supervisor = stack.supervisor;
    const token = await stack.realm.mint({ user: 'staffing.nanjing', roles: ['staffing-officer'], region: '320100' });
    cityOfficer = caller(stack.gatewayUrl, token, 'BB-2026-0007; establishment check');
    mismatches = await allNodes<Mismatch>(supervisor, MISMATCHES, { ...PAY_RANGE }, [
      'headcountReconciliation',
      'mismatches',
    ]);
    const lines = await sql.rows<{ k: string; month: string; uscc: string }>(
      `SELECT person_key k, month, org_uscc uscc FROM ${finance}.payroll_line WHERE month BETWEEN ? AND ?`,
      [PAY_RANGE.fromMonth, PAY_RANGE.toMonth],
    );
    payersOf = (m) =>
      sorted(new Set(lines.filter((l) => l.k === m.personKey && m.months.includes(l.month)).map((l) => l.uscc)));
  });
  afterAll(async () => {
    await stack[Symbol.asyncDispose]();
    await sql[Symbol.asyncDispose]();
  });

  it('finds every planted payroll anomaly and nothing else, with the months and pay concerned', () => {
    const a = manifest.anomalies;
    const keyed = (list: Mismatch[]) =>
      sorted(list.map((m) => `${m.personKey}/${m.months.join(',')}/${m.amount.toFixed(2)}`));
    const planted = (list: Array<{ personKey: string; months: string[]; amount: number }>) =>
      sorted(list.map((c) => `${c.personKey}/${c.months.join(',')}/${c.amount.toFixed(2)}`));
    expect(keyed(of(mismatches, 'PAID_NOT_ON_ROLL'))).toEqual(planted(a.GHOST_NOT_ON_ROLL));
    expect(keyed(of(mismatches, 'PAID_AFTER_SEPARATION'))).toEqual(planted(a.PAID_AFTER_SEPARATION));
    expect(keyed(of(mismatches, 'DEAD_BUT_PAID'))).toEqual(planted(a.DEAD_BUT_PAID));
    expect(keyed(of(mismatches, 'SECONDED_PAID_TWICE'))).toEqual(planted(a.SECONDED_PAID_TWICE));
    expect(keyed(of(mismatches, 'PAID_BY_TWO_BODIES'))).toEqual(planted(a.PAID_BY_TWO_BODIES));
    expect(sorted(of(mismatches, 'NEVER_AT_POST').map((m) => `${m.personKey}/${m.status}`))).toEqual(
      sorted(a.NEVER_AT_POST.map((c) => `${c.personKey}/${c.status}`)),
    );
    expect(a.NEVER_AT_POST.some((c) => c.status === 'SECONDED')).toBe(true); // 借调 serve too
    expect(sorted(of(mismatches, 'ON_ROLL_NOT_PAID').map((m) => `${m.personKey}/${m.org?.uscc}/${m.amount}`))).toEqual(
      sorted(a.ON_ROLL_NOT_PAID.map((c) => `${c.personKey}/${c.orgUscc}/0`)),
    );
    // The bodies: ghosts are paid by the planted body; the others sit on its roll.
    expect(
      sorted(
        of(mismatches, 'PAID_NOT_ON_ROLL').map((m) => `${m.personKey}/${m.payingOrgs.map((o) => o.uscc).join(',')}`),
      ),
    ).toEqual(sorted(a.GHOST_NOT_ON_ROLL.map((c) => `${c.personKey}/${c.orgUscc}`)));
    expect(
      sorted(
        of(mismatches, 'SECONDED_PAID_TWICE').map((m) => `${m.org?.uscc}/${m.payingOrgs.map((o) => o.uscc).join(',')}`),
      ),
    ).toEqual(sorted(a.SECONDED_PAID_TWICE.map((c) => `${c.homeUscc}/${sorted([c.homeUscc, c.hostUscc]).join(',')}`)));
    expect(
      sorted(
        of(mismatches, 'PAID_BY_TWO_BODIES').map((m) => `${m.org?.uscc}/${m.payingOrgs.map((o) => o.uscc).join(',')}`),
      ),
    ).toEqual(sorted(a.PAID_BY_TWO_BODIES.map((c) => `${c.homeUscc}/${sorted([c.homeUscc, c.otherUscc]).join(',')}`)));
  });

  it('each mismatch names the bodies that paid the person in its months, as SQL over the payroll does', () => {
    for (const m of mismatches)
      expect([m.kind, m.personKey, m.payingOrgs.map((o) => o.uscc)]).toEqual([m.kind, m.personKey, payersOf(m)]);
  });

  it('people on the roll but unpaid are exactly what SQL finds', async () => {
    expect(manifest.anomalies.ON_ROLL_NOT_PAID.length).toBeGreaterThan(0);
    const expected = await sql.rows<{ k: string }>(
      `SELECT p.person_key k FROM ${staffing}.person p JOIN ${staffing}.org o ON o.id = p.org_id
        WHERE p.status IN ('ON_ROLL','SECONDED') AND NOT EXISTS (
          SELECT 1 FROM ${finance}.payroll_line l WHERE l.person_key = p.person_key AND l.org_uscc = o.uscc AND l.month BETWEEN ? AND ?)`,
      [PAY_RANGE.fromMonth, PAY_RANGE.toMonth],
    );
    expect(sorted(of(mismatches, 'ON_ROLL_NOT_PAID').map((m) => m.personKey))).toEqual(
      sorted(expected.map((r) => r.k)),
    );
  });

  it('totals and match rate agree with SQL and with the people reported', async () => {
    const data = await gqlData(
      supervisor,
      `query($fromMonth: String!, $toMonth: String) {
      headcountReconciliation(fromMonth: $fromMonth, toMonth: $toMonth) { onRoll paid matched matchRate summary { kind people amount amountBand } } }`,
      { ...PAY_RANGE },
    );
    const r = data['headcountReconciliation'];
    expect(r.onRoll).toBe(
      Number(await sql.value(`SELECT COUNT(*) FROM ${staffing}.person WHERE status IN ('ON_ROLL','SECONDED')`)),
    );
    expect(r.paid).toBe(
      Number(
        await sql.value(`SELECT COUNT(DISTINCT person_key) FROM ${finance}.payroll_line WHERE month BETWEEN ? AND ?`, [
          PAY_RANGE.fromMonth,
          PAY_RANGE.toMonth,
        ]),
      ),
    );
    const population = Number(
      await sql.value(
        `SELECT COUNT(*) FROM (SELECT person_key FROM ${staffing}.person WHERE status IN ('ON_ROLL','SECONDED')
        UNION SELECT person_key FROM ${finance}.payroll_line WHERE month BETWEEN ? AND ?) people`,
        [PAY_RANGE.fromMonth, PAY_RANGE.toMonth],
      ),
    );
    expect(r.matchRate).toBeCloseTo(r.matched / population, 10);
    expect(r.matchRate).toBeGreaterThan(0.9);
    expect(r.matchRate).toBeLessThan(1);
    for (const line of r.summary)
      expect([line.kind, line.people]).toEqual([line.kind, of(mismatches, line.kind).length]);
  });

  it('over-establishment and leader posts per body match the planted bodies and SQL', async () => {
    const bodies = await allNodes<Body>(supervisor, BODIES, { ...PAY_RANGE }, ['headcountReconciliation', 'bodies']);
    expect(bodies.length).toBe(Number(await sql.value(`SELECT COUNT(*) FROM ${staffing}.org`)));
    const over = bodies.flatMap((b) =>
      b.byType.filter((t) => t.over > 0).map((t) => `${b.org.uscc}/${t.type}/${t.quota}/${t.onRoll}`),
    );
    expect(sorted(over)).toEqual(
      sorted(manifest.anomalies.OVER_ESTABLISHMENT.map((c) => `${c.orgUscc}/${c.type}/${c.quota}/${c.actual}`)),
    );
    const exceeded = await sql.rows<{ k: string }>(
      `SELECT o.uscc k FROM ${staffing}.org o JOIN ${staffing}.establishment_plan pl ON pl.org_id = o.id
        WHERE (SELECT COUNT(*) FROM ${staffing}.person p WHERE p.org_id = o.id AND p.status = 'ON_ROLL' AND p.leader_rank = 'DEPUTY') > pl.leader_deputy
           OR (SELECT COUNT(*) FROM ${staffing}.person p WHERE p.org_id = o.id AND p.status = 'ON_ROLL' AND p.leader_rank = 'CHIEF') > pl.leader_chief`,
    );
    expect(sorted(bodies.filter((b) => b.leaders.exceeded).map((b) => b.org.uscc))).toEqual(
      sorted(exceeded.map((r) => r.k)),
    );
    expect(
      sorted(manifest.anomalies.LEADER_POSTS_EXCEEDED.map((c) => c.orgUscc)).every((u) =>
        exceeded.some((r) => r.k === u),
      ),
    ).toBe(true);
    const paidByBody = await sql.rows<{ uscc: string; n: number }>(
      `SELECT org_uscc uscc, COUNT(DISTINCT person_key) n FROM ${finance}.payroll_line WHERE month BETWEEN ? AND ? GROUP BY org_uscc`,
      [PAY_RANGE.fromMonth, PAY_RANGE.toMonth],
    );
    const paid = new Map(paidByBody.map((r) => [r.uscc, Number(r.n)]));
    for (const b of bodies) expect([b.org.uscc, b.paid]).toEqual([b.org.uscc, paid.get(b.org.uscc) ?? 0]);
    // A body answers for the mismatches of people on its roll (SQL: staffing's roll) and of people it
    // paid in the months concerned (SQL: the payroll): a ghost at every body that paid them.
    const rollBody = new Map(
      (
        await sql.rows<{ k: string; uscc: string }>(
          `SELECT p.person_key k, o.uscc FROM ${staffing}.person p JOIN ${staffing}.org o ON o.id = p.org_id`,
        )
      ).map((r) => [r.k, r.uscc]),
    );
    const answersFor = new Map<string, Set<string>>();
    for (const m of mismatches)
      for (const uscc of [rollBody.get(m.personKey), ...payersOf(m)])
        if (uscc) answersFor.set(uscc, (answersFor.get(uscc) ?? new Set()).add(m.personKey));
    for (const b of bodies)
      expect([b.org.uscc, b.mismatches]).toEqual([b.org.uscc, answersFor.get(b.org.uscc)?.size ?? 0]);
    const ghostPayers = new Set(manifest.anomalies.GHOST_NOT_ON_ROLL.map((g) => g.orgUscc));
    for (const uscc of ghostPayers) expect(bodies.find((b) => b.org.uscc === uscc)!.mismatches).toBeGreaterThan(0);
  });

  it('one body: its own roll and pay, with the people it paid who are on other rolls resolved, not called ghosts', async () => {
    const seconded = manifest.anomalies.SECONDED_PAID_TWICE[0]!;
    const host = await allNodes<Mismatch>(supervisor, MISMATCHES, { ...PAY_RANGE, orgUscc: seconded.hostUscc }, [
      'headcountReconciliation',
      'mismatches',
    ]);
    const twice = of(host, 'SECONDED_PAID_TWICE').find((m) => m.personKey === seconded.personKey);
    expect(twice?.org?.uscc).toBe(seconded.homeUscc);
    expect(of(host, 'PAID_NOT_ON_ROLL').map((m) => m.personKey)).not.toContain(seconded.personKey);
    const ghosts = manifest.anomalies.GHOST_NOT_ON_ROLL.filter((g) => g.orgUscc === seconded.hostUscc).map(
      (g) => g.personKey,
    );
    expect(sorted(of(host, 'PAID_NOT_ON_ROLL').map((m) => m.personKey))).toEqual(sorted(ghosts));
  });

  it('a city officer sees the city only: ghosts and over-establishment of the city, as SQL limited to it finds them', async () => {
    const city = await allNodes<Mismatch>(cityOfficer, MISMATCHES, { ...PAY_RANGE }, [
      'headcountReconciliation',
      'mismatches',
    ]);
    const ghosts = await sql.rows<{ k: string }>(
      `SELECT DISTINCT l.person_key k FROM ${finance}.payroll_line l WHERE l.region_code LIKE '3201%' AND l.month BETWEEN ? AND ?
          AND NOT EXISTS (SELECT 1 FROM ${staffing}.person p WHERE p.person_key = l.person_key AND p.region_code LIKE '3201%')`,
      [PAY_RANGE.fromMonth, PAY_RANGE.toMonth],
    );
    expect(sorted(of(city, 'PAID_NOT_ON_ROLL').map((m) => m.personKey))).toEqual(sorted(ghosts.map((r) => r.k)));
    const cityRoll = new Set(
      (await sql.rows<{ k: string }>(`SELECT person_key k FROM ${staffing}.person WHERE region_code LIKE '3201%'`)).map(
        (r) => r.k,
      ),
    );
    for (const m of city.filter((x) => x.kind !== 'PAID_NOT_ON_ROLL'))
      expect([m.personKey, cityRoll.has(m.personKey)]).toEqual([m.personKey, true]);
    expect(city.length).toBeGreaterThan(0);
    expect(city.length).toBeLessThan(mismatches.length);
    const bodies = await allNodes<Body>(cityOfficer, BODIES, { ...PAY_RANGE }, ['headcountReconciliation', 'bodies']);
    expect(bodies.length).toBe(
      Number(await sql.value(`SELECT COUNT(*) FROM ${staffing}.org WHERE region_code LIKE '3201%'`)),
    );
  });

  it('amounts are SENSITIVE: an INTERNAL reader gets the band, and FORBIDDEN_FIELD for the amount', async () => {
    // The check's result is staffing's (conditional): its own officer, with clearance lowered to INTERNAL.
    const token = await stack.realm.mint({
      user: 'staffing.internal',
      roles: ['staffing-officer'],
      region: '320000',
      clearance: 'INTERNAL',
    });
    const result = await gql(
      caller(stack.gatewayUrl, token),
      `query($fromMonth: String!, $toMonth: String) {
      headcountReconciliation(fromMonth: $fromMonth, toMonth: $toMonth) { onRoll summary { kind people amount amountBand } } }`,
      { ...PAY_RANGE },
    );
    const summary = result.data?.['headcountReconciliation'].summary as Array<{
      kind: string;
      people: number;
      amount: number | null;
      amountBand: string;
    }>;
    expect(summary.every((s) => s.amount === null && /^\d+(-\d+|\+)$/.test(s.amountBand))).toBe(true);
    expect(result.errors?.map((e) => e.extensions?.code)).toContain('FORBIDDEN_FIELD');
  });

  it('the named people need a stated purpose; the counts do not', async () => {
    const token = await stack.realm.mint({ user: 'staffing.province', roles: ['staffing-officer'], region: '320000' });
    const noPurpose = caller(stack.gatewayUrl, token);
    const result = await gql(
      noPurpose,
      `query($fromMonth: String!) { headcountReconciliation(fromMonth: $fromMonth) { onRoll mismatches(first: 1) { nodes { personKey } } } }`,
      { fromMonth: '2026-06' },
    );
    expect(result.data?.['headcountReconciliation'].onRoll).toBeGreaterThan(0);
    expect(result.data?.['headcountReconciliation'].mismatches).toBeNull();
    expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['PURPOSE_REQUIRED']);
  });

  it('bad arguments are BAD_USER_INPUT naming the argument', async () => {
    for (const [vars, argument] of [
      [{ fromMonth: '2026-13' }, 'fromMonth'],
      [{ fromMonth: '2026-06', toMonth: '2026-01' }, 'toMonth'],
      [{ fromMonth: '2025-01', toMonth: '2026-06' }, 'toMonth'],
      [{ fromMonth: '2026-06', regionCode: "32' OR 1=1" }, 'regionCode'],
      [{ fromMonth: '2026-06', orgUscc: 'not-a-code' }, 'orgUscc'],
    ] as const) {
      const result = await gql(
        supervisor,
        `query($fromMonth: String!, $toMonth: String, $regionCode: String, $orgUscc: ID) {
        headcountReconciliation(fromMonth: $fromMonth, toMonth: $toMonth, regionCode: $regionCode, orgUscc: $orgUscc) { onRoll } }`,
        vars,
      );
      expect(result.errors?.map((e) => [e.extensions?.code, e.extensions?.['argument']])).toEqual([
        ['BAD_USER_INPUT', argument],
      ]);
    }
  });
});
