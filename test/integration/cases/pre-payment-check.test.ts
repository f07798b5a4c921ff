import { caller, type Caller } from '../../support/access';
import { mysqlStorage, testDb } from '../../support/env';
import { gql, gqlData } from '../../support/graphql';
import { SqlOracle } from '../../support/mysql';
import { startTestStack, type TestStack } from '../../support/stack';
import { allNodes, sorted, testManifest } from '../../support/supervision';

/**
 * 事前预警 through the gateway: a body's month of payroll, as the treasury recorded it, checked before
 * payment gets exactly the warnings the generator planted (its manifest), the over-quota bodies plain
 * SQL finds, and is recorded so a later batch of the month is checked against it.
 */
const CHECK = `mutation Check($input: PayrollBatchInput!) {
  checkPayrollBatch(input: $input) {
    id lineCount warnedLines amount
    summary { kind lines amount }
    overQuota { org { uscc } establishmentType quota paid }
  }
}`;

const WARNINGS = `query Warnings($id: ID!, $after: String) {
  payrollBatchCheck(id: $id) {
    warnings(first: 100, after: $after) {
      nodes { lineNo personKey org { uscc } kinds rollOrg { uscc } otherPayers { uscc } gross }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

interface Warning {
  lineNo: number;
  personKey: string;
  org: { uscc: string };
  kinds: string[];
  rollOrg: { uscc: string } | null;
  otherPayers: Array<{ uscc: string }>;
  gross: number;
}

interface Checked {
  id: string;
  lineCount: number;
  warnedLines: number;
  amount: number;
  summary: Array<{ kind: string; lines: number; amount: number }>;
  overQuota: Array<{ org: { uscc: string }; establishmentType: string; quota: number; paid: number }>;
}

const MONTHS = ['2026-04', '2026-05', '2026-06'];
const UNPAID_MONTH = '2026-07';
const FINANCE_PURPOSE = 'CZ-2026-0042; pre-payment check';

describe('cases: pre-payment check of a payroll batch', () => {
  const sql = new SqlOracle();
  const manifest = testManifest();
  const finance = testDb('finance');
  const staffing = testDb('staffing');
  let stack: TestStack;
  let officer: Caller;
  /** The bodies checked in each month: every one that pays a planted case in it, and the over-established. */
  const bodies = new Map<string, string[]>();
  /** The recorded checks by "month|body". */
  const batches = new Map<string, Checked>();

  const linesOf = (uscc: string, month: string) =>
    sql.rows<{ lineNo: number; personKey: string; orgUscc: string; gross: number }>(
      `SELECT id lineNo, person_key personKey, org_uscc orgUscc, gross FROM ${finance}.payroll_line WHERE org_uscc = ? AND month = ? ORDER BY id`,
      [uscc, month],
    );
  const check = async (target: Caller, reference: string, month: string, lines: unknown[], regionCode = '320000') =>
    (
      (await gqlData(target, CHECK, { input: { reference, month, regionCode, lines } })) as {
        checkPayrollBatch: Checked;
      }
    ).checkPayrollBatch;
  const warningsOf = (id: string) => allNodes<Warning>(officer, WARNINGS, { id }, ['payrollBatchCheck', 'warnings']);

  /** What the manifest says each body's lines of the month must get: "body|personKey" → kinds. */
  function plantedWarnings(month: string): Map<string, string[]> {
    const expected = new Map<string, string[]>();
    const add = (uscc: string, key: string, ...kinds: string[]) =>
      expected.set(`${uscc}|${key}`, sorted([...(expected.get(`${uscc}|${key}`) ?? []), ...kinds]));
    const a = manifest.anomalies;
    for (const c of a.GHOST_NOT_ON_ROLL) if (c.months.includes(month)) add(c.orgUscc, c.personKey, 'NOT_ON_ROLL');
    for (const c of a.PAID_AFTER_SEPARATION) if (c.months.includes(month)) add(c.orgUscc, c.personKey, 'SEPARATED');
    for (const c of a.DEAD_BUT_PAID) if (c.months.includes(month)) add(c.orgUscc, c.personKey, 'DEAD');
    for (const c of a.SECONDED_PAID_TWICE)
      if (c.months.includes(month)) {
        add(c.homeUscc, c.personKey, 'SECONDED_PAID_ELSEWHERE');
        add(c.hostUscc, c.personKey, 'SECONDED_PAID_ELSEWHERE', 'NOT_ON_ROLL');
      }
    for (const c of a.PAID_BY_TWO_BODIES)
      if (c.months.includes(month)) {
        add(c.homeUscc, c.personKey, 'PAID_TWICE');
        add(c.otherUscc, c.personKey, 'PAID_TWICE', 'NOT_ON_ROLL');
      }
    return expected;
  }

  beforeAll(async () => {
    stack = await startTestStack(mysqlStorage);
    const token = await stack.realm.mint({ user: 'finance.province', roles: ['finance-officer'], region: '320000' });
    officer = caller(stack.gatewayUrl, token, FINANCE_PURPOSE);
    for (const month of MONTHS) {
      const planted = [...plantedWarnings(month).keys()].map((k) => k.split('|')[0]!);
      const overEstablished = manifest.anomalies.OVER_ESTABLISHMENT.map((c) => c.orgUscc);
      bodies.set(month, sorted(new Set([...planted, ...overEstablished])));
      for (const uscc of bodies.get(month)!)
        batches.set(`${month}|${uscc}`, await check(officer, `ZF-${month}-${uscc}`, month, await linesOf(uscc, month)));
    }
  });
  afterAll(async () => {
    await stack?.[Symbol.asyncDispose]();
    await sql[Symbol.asyncDispose]();
  });

  it('covers every kind of line warning the generator plants', () => {
    const kinds = new Set(MONTHS.flatMap((month) => [...plantedWarnings(month).values()].flat()));
    expect(sorted(kinds)).toEqual(['DEAD', 'NOT_ON_ROLL', 'PAID_TWICE', 'SECONDED_PAID_ELSEWHERE', 'SEPARATED']);
  });

  it("gives each body's batch of each month exactly the planted warnings, nothing else", async () => {
    for (const month of MONTHS) {
      const found = new Map<string, string[]>();
      for (const uscc of bodies.get(month)!) {
        const batch = batches.get(`${month}|${uscc}`)!;
        expect(batch.lineCount).toBe((await linesOf(uscc, month)).length);
        const warnings = await warningsOf(batch.id);
        expect(batch.warnedLines).toBe(warnings.length);
        for (const w of warnings) {
          expect(w.org.uscc).toBe(uscc);
          found.set(`${uscc}|${w.personKey}`, sorted(w.kinds));
        }
      }
      expect({ month, warnings: Object.fromEntries(found) }).toEqual({
        month,
        warnings: Object.fromEntries(plantedWarnings(month)),
      });
    }
  });

  it('names the other body of a payment made twice, and the roll a line is not on', async () => {
    const c = manifest.anomalies.PAID_BY_TWO_BODIES[0]!;
    const month = c.months[0]!;
    const lineAt = async (uscc: string) =>
      (await warningsOf(batches.get(`${month}|${uscc}`)!.id)).find((w) => w.personKey === c.personKey)!;
    const atOther = await lineAt(c.otherUscc);
    expect(atOther.otherPayers.map((o) => o.uscc)).toEqual([c.homeUscc]);
    expect(atOther.rollOrg?.uscc).toBe(c.homeUscc);
    const atHome = await lineAt(c.homeUscc);
    expect(atHome.otherPayers.map((o) => o.uscc)).toEqual([c.otherUscc]);
  });

  it("sums each kind's lines and pay as the warned lines do", async () => {
    for (const batch of batches.values()) {
      const warnings = await warningsOf(batch.id);
      for (const s of batch.summary) {
        const of = warnings.filter((w) => w.kinds.includes(s.kind));
        expect({ kind: s.kind, lines: s.lines }).toEqual({ kind: s.kind, lines: of.length });
        expect(s.amount).toBeCloseTo(
          of.reduce((t, w) => t + w.gross, 0),
          2,
        );
      }
    }
  });

  it('reports the bodies over their 三定 quota as plain SQL counts them', async () => {
    expect([...batches.values()].some((b) => b.overQuota.length > 0)).toBe(true);
    for (const [slot, batch] of batches) {
      const [month, uscc] = slot.split('|') as [string, string];
      const rows = await sql.rows<{ type: string; quota: number; paid: number }>(
        `SELECT q.type, q.quota, COUNT(DISTINCT p.person_key) paid
           FROM ${staffing}.org o
           JOIN ${staffing}.establishment_plan pl ON pl.org_id = o.id
           JOIN ${staffing}.establishment_quota q ON q.plan_id = pl.id
           JOIN ${staffing}.person p ON p.org_id = o.id AND p.establishment_type = q.type AND p.status IN ('ON_ROLL', 'SECONDED')
           JOIN ${finance}.payroll_line l ON l.person_key = p.person_key AND l.org_uscc = o.uscc AND l.month = ?
          WHERE o.uscc = ?
          GROUP BY q.type, q.quota HAVING COUNT(DISTINCT p.person_key) > q.quota ORDER BY q.type`,
        [month, uscc],
      );
      expect(batch.overQuota).toEqual(
        rows.map((r) => ({ org: { uscc }, establishmentType: r.type, quota: Number(r.quota), paid: Number(r.paid) })),
      );
    }
  });

  it('checks a later batch of the month against the batches recorded before it', async () => {
    // A month the treasury has not paid yet: only the recorded batches know who pays whom.
    const [home, other] = bodies.get(MONTHS[0]!)! as [string, string];
    const homeLines = await linesOf(home, MONTHS[0]!);
    const first = await check(officer, 'ZF-next-home', UNPAID_MONTH, homeLines);
    const clean = (await warningsOf(first.id)).map((w) => w.personKey);
    const person = homeLines.find((l) => !clean.includes(l.personKey))!;
    const second = await check(officer, 'ZF-next-other', UNPAID_MONTH, [
      { lineNo: 1, personKey: person.personKey, orgUscc: other, gross: person.gross },
    ]);
    const [warning] = await warningsOf(second.id);
    expect(sorted(warning!.kinds)).toEqual(['NOT_ON_ROLL', 'PAID_TWICE']);
    expect(warning!.otherPayers.map((o) => o.uscc)).toEqual([home]);
  });

  it('lists the recorded batches of a month in the order checked', async () => {
    const month = MONTHS[1]!;
    const data = (await gqlData(
      officer,
      `query { payrollBatchChecks(month: "${month}", first: 100) { totalCount nodes { id reference month } } }`,
    )) as {
      payrollBatchChecks: { totalCount: number; nodes: Array<{ id: string; reference: string; month: string }> };
    };
    const ours = data.payrollBatchChecks.nodes.filter((n) => n.reference.startsWith(`ZF-${month}-`));
    expect(ours.map((n) => n.id)).toEqual(bodies.get(month)!.map((b) => batches.get(`${month}|${b}`)!.id));
    expect(new Set(data.payrollBatchChecks.nodes.map((n) => n.month))).toEqual(new Set([month]));
  });

  it('refuses callers without a submitting role, regions outside the scope and malformed lines, with codes', async () => {
    const line = { lineNo: 1, personKey: 'a'.repeat(32), orgUscc: bodies.get(MONTHS[0]!)![0], gross: 5000 };
    const staffingToken = await stack.realm.mint({ user: 'staffing.p', roles: ['staffing-officer'], region: '320000' });
    const staffingOfficer = caller(stack.gatewayUrl, staffingToken, 'BB-2026-0001; check');
    const cityToken = await stack.realm.mint({ user: 'finance.nanjing', roles: ['finance-officer'], region: '320100' });
    const cityOfficer = caller(stack.gatewayUrl, cityToken, FINANCE_PURPOSE);
    const codeOf = async (target: Caller, input: Record<string, unknown>) => {
      const body = await gql(target, CHECK, {
        input: { reference: 'R', month: MONTHS[0], regionCode: '320000', ...input },
      });
      return { code: body.errors?.[0]?.extensions?.['code'], data: body.data?.['checkPayrollBatch'] ?? null };
    };
    expect(await codeOf(staffingOfficer, { lines: [line] })).toEqual({ code: 'FORBIDDEN_FIELD', data: null });
    expect(await codeOf(cityOfficer, { regionCode: '320200', lines: [line] })).toEqual({
      code: 'OUT_OF_SCOPE',
      data: null,
    });
    expect(await codeOf(officer, { lines: [line, line] })).toEqual({ code: 'BAD_USER_INPUT', data: null });
    expect(await codeOf(officer, { lines: [{ ...line, personKey: "x' OR 1=1 --" }] })).toEqual({
      code: 'BAD_USER_INPUT',
      data: null,
    });
    expect(await codeOf(officer, { lines: [{ ...line, gross: -1 }] })).toEqual({ code: 'BAD_USER_INPUT', data: null });
    expect(await codeOf(officer, { month: '2026-13', lines: [line] })).toEqual({ code: 'BAD_USER_INPUT', data: null });
    expect(await codeOf(officer, { lines: [] })).toEqual({ code: 'BAD_USER_INPUT', data: null });
  });
});
