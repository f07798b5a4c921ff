import { caller } from '../../support/access';
import { mysqlStorage, testDb } from '../../support/env';
import { gql, gqlData } from '../../support/graphql';
import { SqlOracle } from '../../support/mysql';
import { startTestStack, type TestStack } from '../../support/stack';
import { allNodes, sorted, testManifest } from '../../support/supervision';

/**
 * 民政核查 and payments against work records, through the gateway: the planted cases exactly, the
 * amounts paid wrongly, the totals per region and per body as SQL over the source databases gives them.
 */
const WELFARE = `query Welfare($regionCode: String, $fromMonth: String, $toMonth: String, $after: String) {
  welfareCrossCheck(regionCode: $regionCode, fromMonth: $fromMonth, toMonth: $toMonth) {
    findings(first: 100, after: $after) {
      nodes { kind caseNumber regionCode personKey employers { uscc } diedOn payments amount person { name } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

const REIMBURSEMENTS = `query Reimbursements($orgUscc: ID, $regionCode: String, $after: String) {
  reimbursementCheck(orgUscc: $orgUscc, regionCode: $regionCode) {
    findings(first: 100, after: $after) {
      nodes { kind voucherNumber org { uscc } personKey serviceDate category recordedCategories amount }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

interface WelfareFinding {
  kind: string;
  caseNumber: string;
  regionCode: string;
  personKey: string;
  employers: Array<{ uscc: string }>;
  diedOn: string | null;
  payments: number;
  amount: number;
  person: { name: string } | null;
}

interface ReimbursementFinding {
  kind: string;
  voucherNumber: string;
  org: { uscc: string };
  personKey: string;
  serviceDate: string;
  category: string;
  recordedCategories: string[];
  amount: number;
}

describe('supervision: welfare cross-check and reimbursements', () => {
  const sql = new SqlOracle();
  const manifest = testManifest();
  const civil = testDb('civil_affairs');
  const finance = testDb('finance');
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack(mysqlStorage);
  });
  afterAll(async () => {
    await stack[Symbol.asyncDispose]();
    await sql[Symbol.asyncDispose]();
  });

  it('finds every relief case with a public employee and every case paid after a death, with the amounts paid', async () => {
    const findings = await allNodes<WelfareFinding>(stack.supervisor, WELFARE, {}, ['welfareCrossCheck', 'findings']);
    const employees = findings.filter((f) => f.kind === 'PUBLIC_EMPLOYEE_ON_RELIEF');
    expect(
      sorted(
        employees.map(
          (f) => `${f.caseNumber}/${f.personKey}/${f.employers.map((o) => o.uscc).join(',')}/${f.amount.toFixed(2)}`,
        ),
      ),
    ).toEqual(
      sorted(
        manifest.anomalies.PUBLIC_EMPLOYEE_ON_RELIEF.map(
          (c) => `${c.caseNumber}/${c.personKey}/${c.orgUscc}/${c.amount.toFixed(2)}`,
        ),
      ),
    );
    const dead = findings.filter((f) => f.kind === 'PAID_AFTER_DEATH');
    expect(
      sorted(dead.map((f) => `${f.caseNumber}/${f.personKey}/${f.diedOn}/${f.payments}/${f.amount.toFixed(2)}`)),
    ).toEqual(
      sorted(
        manifest.anomalies.DEAD_BENEFICIARY_PAID.map(
          (c) => `${c.caseNumber}/${c.personKey}/${c.diedOn}/${c.payments}/${c.amount.toFixed(2)}`,
        ),
      ),
    );
    // The person behind a finding resolves through staffing (employees) with the supervisor's clearance: names in clear.
    expect(employees.every((f) => f.person !== null && !f.person.name.includes('*'))).toBe(true);
  });

  it('totals per region agree with SQL', async () => {
    const data = await gqlData(
      stack.supervisor,
      `{ welfareCrossCheck { byRegion { regionCode kind cases amount } summary { kind cases amount } } }`,
    );
    const expected = await sql.rows<{ region: string; cases: number; amount: number }>(
      `SELECT b.region_code region, COUNT(DISTINCT b.case_number) cases, SUM(rp.amount) amount FROM ${civil}.beneficiary b
         JOIN ${civil}.household_member m ON m.household_id = b.household_id
         JOIN ${civil}.death_record d ON d.person_key = m.person_key
         JOIN ${civil}.relief_payment rp ON rp.beneficiary_id = b.id AND rp.paid_on > d.died_on
        GROUP BY b.region_code`,
    );
    const got = (
      data['welfareCrossCheck'].byRegion as Array<{ regionCode: string; kind: string; cases: number; amount: number }>
    ).filter((r) => r.kind === 'PAID_AFTER_DEATH');
    expect(sorted(got.map((r) => `${r.regionCode}/${r.cases}/${r.amount.toFixed(2)}`))).toEqual(
      sorted(expected.map((r) => `${r.region}/${r.cases}/${Number(r.amount).toFixed(2)}`)),
    );
    const employedCases = Number(
      await sql.value(
        `SELECT COUNT(DISTINCT b.case_number) FROM ${civil}.household_member m JOIN ${civil}.beneficiary b ON b.household_id = m.household_id
        WHERE m.person_key IN (SELECT person_key FROM ${finance}.payroll_line)`,
      ),
    );
    const summary = data['welfareCrossCheck'].summary as Array<{ kind: string; cases: number }>;
    expect(summary.find((s) => s.kind === 'PUBLIC_EMPLOYEE_ON_RELIEF')?.cases).toBe(employedCases);
  });

  it('a county civil-affairs officer sees the county’s cases only', async () => {
    const planted = manifest.anomalies.DEAD_BENEFICIARY_PAID[0]!;
    const token = await stack.realm.mint({
      user: 'civil.county',
      roles: ['civil-affairs-officer'],
      region: planted.regionCode,
    });
    const officer = caller(stack.gatewayUrl, token, 'MZ-2026-0003; relief review');
    const findings = await allNodes<WelfareFinding>(officer, WELFARE, {}, ['welfareCrossCheck', 'findings']);
    expect(findings.map((f) => f.caseNumber)).toContain(planted.caseNumber);
    expect(findings.every((f) => f.regionCode === planted.regionCode)).toBe(true);
    const inCounty = manifest.anomalies.DEAD_BENEFICIARY_PAID.filter((c) => c.regionCode === planted.regionCode).map(
      (c) => c.caseNumber,
    );
    expect(sorted(findings.filter((f) => f.kind === 'PAID_AFTER_DEATH').map((f) => f.caseNumber))).toEqual(
      sorted(inCounty),
    );
  });

  it('masks apply to the people found: a civil-affairs officer (SENSITIVE) reads names in clear and ID numbers masked', async () => {
    const token = await stack.realm.mint({
      user: 'civil.province',
      roles: ['civil-affairs-officer'],
      region: '320000',
    });
    const officer = caller(stack.gatewayUrl, token, 'MZ-2026-0004; relief review');
    const data = await gqlData(
      officer,
      `{ welfareCrossCheck { findings(kind: PUBLIC_EMPLOYEE_ON_RELIEF, first: 100) { nodes { personKey person { name idNumber } } } } }`,
    );
    const nodes = data['welfareCrossCheck'].findings.nodes as Array<{
      personKey: string;
      person: { name: string; idNumber: string } | null;
    }>;
    expect(nodes.length).toBe(manifest.anomalies.PUBLIC_EMPLOYEE_ON_RELIEF.length);
    for (const n of nodes) {
      const [row] = await sql.rows<{ name: string; id: string }>(
        `SELECT name, id_number id FROM ${testDb('staffing')}.person WHERE person_key = ?`,
        [n.personKey],
      );
      expect(n.person?.name).toBe(row!.name);
      expect(n.person?.idNumber).toBe(`${row!.id.slice(0, 6)}********${row!.id.slice(14)}`);
    }
  });

  it('finds every reimbursement with no work record that day, and every one with records of another activity only', async () => {
    const findings = await allNodes<ReimbursementFinding>(stack.supervisor, REIMBURSEMENTS, {}, [
      'reimbursementCheck',
      'findings',
    ]);
    const key = (f: {
      voucherNumber: string;
      personKey: string;
      serviceDate: string;
      category: string;
      amount: number;
    }) => `${f.voucherNumber}/${f.personKey}/${f.serviceDate}/${f.category}/${f.amount.toFixed(2)}`;
    expect(sorted(findings.filter((f) => f.kind === 'NO_WORK_RECORD').map(key))).toEqual(
      sorted(manifest.anomalies.PAYMENT_WITHOUT_WORK_RECORD.map(key)),
    );
    expect(sorted(findings.filter((f) => f.kind === 'CATEGORY_MISMATCH').map(key))).toEqual(
      sorted(manifest.anomalies.PAYMENT_CATEGORY_MISMATCH.map(key)),
    );
    for (const c of manifest.anomalies.PAYMENT_CATEGORY_MISMATCH) {
      const found = findings.find((f) => f.voucherNumber === c.voucherNumber)!;
      expect(found.recordedCategories.some((code) => code.startsWith(c.recordCategory.slice(0, 2)))).toBe(true);
    }
  });

  it('totals per body agree with the findings; one body’s check is that body’s findings', async () => {
    const data = await gqlData(
      stack.supervisor,
      `{ reimbursementCheck { byBody { org { uscc } kind payments amount } summary { kind payments amount } } }`,
    );
    const all = await allNodes<ReimbursementFinding>(stack.supervisor, REIMBURSEMENTS, {}, [
      'reimbursementCheck',
      'findings',
    ]);
    for (const total of data['reimbursementCheck'].byBody as Array<{
      org: { uscc: string };
      kind: string;
      payments: number;
      amount: number;
    }>) {
      const of = all.filter((f) => f.org.uscc === total.org.uscc && f.kind === total.kind);
      expect([total.org.uscc, total.kind, total.payments]).toEqual([total.org.uscc, total.kind, of.length]);
      expect(total.amount).toBeCloseTo(
        of.reduce((s, f) => s + f.amount, 0),
        2,
      );
    }
    const body = manifest.anomalies.PAYMENT_WITHOUT_WORK_RECORD[0]!.orgUscc;
    const ofBody = await allNodes<ReimbursementFinding>(stack.supervisor, REIMBURSEMENTS, { orgUscc: body }, [
      'reimbursementCheck',
      'findings',
    ]);
    expect(sorted(ofBody.map((f) => f.voucherNumber))).toEqual(
      sorted(all.filter((f) => f.org.uscc === body).map((f) => f.voucherNumber)),
    );
  });

  it('the lists of people need a stated purpose', async () => {
    const token = await stack.realm.mint({ user: 'auditor.nopurpose', roles: ['auditor'], region: '320000' });
    const result = await gql(
      caller(stack.gatewayUrl, token),
      `{ reimbursementCheck { summary { kind payments } findings(first: 1) { nodes { voucherNumber } } } }`,
    );
    expect(result.data?.['reimbursementCheck'].summary.length).toBe(2);
    expect(result.data?.['reimbursementCheck'].findings).toBeNull();
    expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['PURPOSE_REQUIRED']);
  });
});
