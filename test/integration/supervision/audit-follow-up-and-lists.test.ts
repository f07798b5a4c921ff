import { mysqlStorage, testDb } from '../../support/env';
import { gql, gqlData } from '../../support/graphql';
import { SqlOracle } from '../../support/mysql';
import { startTestStack, type TestStack } from '../../support/stack';
import { allNodes, sorted, testManifest } from '../../support/supervision';

/**
 * 审计整改 follow-up joined to the body accountable, its 责任清单 and the 权力清单 item concerned; and the
 * power and responsibility lists counted per body and category (机构检索), all against SQL.
 */
const OVERDUE = `query Overdue($asOf: Date!, $regionCode: String, $after: String) {
  auditFollowUp(asOf: $asOf, regionCode: $regionCode) {
    overdue(first: 100, after: $after) {
      nodes { findingId deadline status daysOverdue responsibleUscc responsibleOrg { uscc name responsibilityItems { duty } } powerItem { code name org { uscc } } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

const REPEATED = `query Repeated($asOf: Date!, $after: String) {
  auditFollowUp(asOf: $asOf) {
    repeated(first: 100, after: $after) {
      nodes { responsibleUscc category years findingIds responsibleOrg { uscc } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

interface Overdue {
  findingId: string;
  deadline: string;
  status: string;
  daysOverdue: number;
  responsibleUscc: string;
  responsibleOrg: { uscc: string; name: string; responsibilityItems: Array<{ duty: string }> } | null;
  powerItem: { code: string; name: string; org: { uscc: string } } | null;
}

describe('supervision: audit follow-up and power lists', () => {
  const sql = new SqlOracle();
  const manifest = testManifest();
  const audit = testDb('audit');
  const staffing = testDb('staffing');
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack(mysqlStorage);
  });
  afterAll(async () => {
    await stack[Symbol.asyncDispose]();
    await sql[Symbol.asyncDispose]();
  });

  it('overdue findings are the planted ones, each joined to its body, that body’s responsibility list and the power item named', async () => {
    const overdue = await allNodes<Overdue>(stack.supervisor, OVERDUE, { asOf: manifest.calendar.asOf }, [
      'auditFollowUp',
      'overdue',
    ]);
    expect(sorted(overdue.map((f) => f.findingId))).toEqual(
      sorted(manifest.anomalies.AUDIT_OVERDUE.map((c) => String(c.findingId))),
    );
    for (const f of overdue) {
      const [row] = await sql.rows<{ deadline: string; code: string | null; duties: number }>(
        `SELECT f.rectification_deadline deadline, f.power_item_code code,
                (SELECT COUNT(*) FROM ${staffing}.responsibility_item r JOIN ${staffing}.org o ON o.id = r.org_id WHERE o.uscc = f.responsible_uscc) duties
           FROM ${audit}.finding f WHERE f.id = ?`,
        [f.findingId],
      );
      expect(f.deadline).toBe(row!.deadline);
      expect(f.daysOverdue).toBe(
        Math.round((Date.parse(manifest.calendar.asOf) - Date.parse(row!.deadline)) / 86_400_000),
      );
      expect(f.responsibleOrg?.uscc).toBe(f.responsibleUscc);
      expect(f.responsibleOrg?.responsibilityItems.length).toBe(Number(row!.duties));
      expect(f.powerItem?.code ?? null).toBe(row!.code);
    }
    expect(overdue.some((f) => f.powerItem !== null)).toBe(true);
    // Longest overdue first.
    expect(overdue.map((f) => f.daysOverdue)).toEqual([...overdue.map((f) => f.daysOverdue)].sort((a, b) => b - a));
  });

  it('repeated findings are the planted ones, with their years and findings', async () => {
    const repeated = await allNodes<{
      responsibleUscc: string;
      category: string;
      years: number[];
      findingIds: string[];
    }>(stack.supervisor, REPEATED, { asOf: manifest.calendar.asOf }, ['auditFollowUp', 'repeated']);
    expect(sorted(repeated.map((r) => `${r.responsibleUscc}/${r.category}`))).toEqual(
      sorted(manifest.anomalies.AUDIT_REPEATED.map((c) => `${c.responsibleUscc}/${c.category}`)),
    );
    for (const c of manifest.anomalies.AUDIT_REPEATED) {
      const found = repeated.find((r) => r.responsibleUscc === c.responsibleUscc && r.category === c.category)!;
      expect(found.years).toEqual([...c.years].sort((a, b) => a - b));
      expect(sorted(found.findingIds)).toEqual(sorted(c.findingIds.map(String)));
    }
  });

  it('a region’s follow-up holds only that region’s findings', async () => {
    const regionCode = '320100';
    const overdue = await allNodes<Overdue>(stack.supervisor, OVERDUE, { asOf: manifest.calendar.asOf, regionCode }, [
      'auditFollowUp',
      'overdue',
    ]);
    const expected = await sql.rows<{ id: number }>(
      `SELECT id FROM ${audit}.finding WHERE region_code LIKE '3201%' AND rectification_deadline < ? AND rectification_status <> 'COMPLETED'`,
      [manifest.calendar.asOf],
    );
    expect(sorted(overdue.map((f) => f.findingId))).toEqual(sorted(expected.map((r) => String(r.id))));
  });

  it('power-list counts per body and category agree with SQL, page by page, for anonymous callers too (published lists)', async () => {
    const counts = await allNodes<{
      org: { uscc: string };
      category: string;
      powerItems: number;
      responsibilityItems: number;
    }>(
      stack.gatewayUrl,
      `query($after: String) { powerListCounts(filter: { regionCode: "320000" }, first: 7, after: $after) {
         nodes { org { uscc } category powerItems responsibilityItems } pageInfo { hasNextPage endCursor } } }`,
      {},
      ['powerListCounts'],
    );
    const expected = await sql.rows<{ uscc: string; category: string; items: number; duties: number }>(
      `SELECT o.uscc, i.category, COUNT(DISTINCT i.id) items, COUNT(r.id) duties FROM ${staffing}.power_item i JOIN ${staffing}.org o ON o.id = i.org_id
         LEFT JOIN ${staffing}.responsibility_item r ON r.power_item_id = i.id GROUP BY o.uscc, i.category`,
    );
    expect(sorted(counts.map((c) => `${c.org.uscc}/${c.category}/${c.powerItems}/${c.responsibilityItems}`))).toEqual(
      sorted(expected.map((r) => `${r.uscc}/${r.category}/${r.items}/${r.duties}`)),
    );
    const search = await gqlData(
      stack.gatewayUrl,
      `{ powerListCounts(filter: { nameContains: "许可", category: LICENSING }, first: 500) { totalCount nodes { powerItems } } }`,
    );
    const licensing = Number(
      await sql.value(
        `SELECT COUNT(*) FROM ${staffing}.power_item WHERE category = 'LICENSING' AND name LIKE '%许可%'`,
      ),
    );
    expect(
      (search['powerListCounts'].nodes as Array<{ powerItems: number }>).reduce((s, n) => s + n.powerItems, 0),
    ).toBe(licensing);
    const groups = Number(
      await sql.value(
        `SELECT COUNT(DISTINCT org_id) FROM ${staffing}.power_item WHERE category = 'LICENSING' AND name LIKE '%许可%'`,
      ),
    );
    expect(search['powerListCounts'].totalCount).toBe(groups);
    expect(groups).toBeGreaterThan(0);
  });

  it('a date that is not a date is BAD_USER_INPUT', async () => {
    const result = await gql(stack.supervisor, `{ auditFollowUp(asOf: "2026-02-30") { asOf } }`);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
