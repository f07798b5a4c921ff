import { readFileSync } from 'node:fs';

import type { Manifest } from '../../../subgraphs/seed/manifest';
import { DATASET_CALENDAR } from '../../../subgraphs/seed/scales';
import { manifestPath } from '../../../subgraphs/seed/seed-databases';
import { caller } from '../../support/access';
import { mysqlStorage, testDb } from '../../support/env';
import { gql, gqlData } from '../../support/graphql';
import { SqlOracle } from '../../support/mysql';
import { startTestStack, type TestStack } from '../../support/stack';
import { sorted } from '../../support/supervision';

/**
 * 履职监测, quantified workload, through the gateway: hours per category against the standard, and the
 * outliers against peers doing the same category in other regions, checked against the same model
 * written as one plain SQL statement over the activity database, and against the generator's planted
 * inflated workloads.
 */
const { windowStart: from, windowEnd: to } = DATASET_CALENDAR;
const workloadQuery = (person: boolean) => `query($filter: WorkloadFilter!, $after: String) {
  workload(filter: $filter, first: 500, after: $after) {
    totalCount
    nodes { ${person ? 'person { personKey }' : ''} org { uscc } regionCode category { code } records hours standardHours ratio hoursPerRecord
            peers { subjects regions meanHoursPerRecord stdDevHoursPerRecord } zScore deviation }
    pageInfo { hasNextPage endCursor }
  }
}`;
const WORKLOAD = workloadQuery(true);

interface Row {
  person: { personKey: string } | null;
  org: { uscc: string };
  regionCode: string;
  category: { code: string };
  records: number;
  hours: number;
  standardHours: number;
  ratio: number;
  hoursPerRecord: number;
  peers: { subjects: number; regions: number; meanHoursPerRecord: number; stdDevHoursPerRecord: number } | null;
  zScore: number | null;
  deviation: string | null;
}

interface SqlOutlier {
  subject: string;
  org: string;
  region: string;
  category: string;
  n: number;
  h: number;
  peers: number;
  mean: number;
  sd: number;
  z: number;
}

/** The model in one statement: per-subject hours per record, per-region sums, peers = the category's other regions. */
function outliersSql(byPerson: boolean): string {
  const subject = byPerson ? 'person_key' : 'org_uscc';
  const db = testDb('activity');
  return `WITH subject AS (
      SELECT ${subject} subject, org_uscc org, region_code region, category_code category, COUNT(*) n, SUM(hours) h, CAST(SUM(hours) AS DOUBLE) / COUNT(*) v
        FROM ${db}.work_record WHERE date BETWEEN ? AND ? GROUP BY ${byPerson ? 'person_key, ' : ''}org_uscc, region_code, category_code),
    region_sum AS (SELECT category, region, COUNT(*) k, SUM(v) s, SUM(v * v) q FROM subject GROUP BY category, region),
    total AS (SELECT category, SUM(k) k, SUM(s) s, SUM(q) q FROM region_sum GROUP BY category),
    peer AS (
      SELECT r.category, r.region, t.k - r.k n, (t.s - r.s) / (t.k - r.k) mean,
             SQRT(GREATEST(0, ((t.q - r.q) - (t.s - r.s) * (t.s - r.s) / (t.k - r.k)) / (t.k - r.k - 1))) sd
        FROM region_sum r JOIN total t ON t.category = r.category WHERE t.k - r.k >= 5)
    SELECT s.subject, s.org, s.region, s.category, s.n, s.h, p.n peers, p.mean, p.sd, (s.v - p.mean) / p.sd z
      FROM subject s JOIN peer p ON p.category = s.category AND p.region = s.region
     WHERE p.sd > 0 AND ABS((s.v - p.mean) / p.sd) > 3`;
}

describe('activity: quantified workload against peers in other regions', () => {
  const sql = new SqlOracle();
  const manifest = JSON.parse(readFileSync(manifestPath(mysqlStorage), 'utf8')) as Manifest;
  let stack: TestStack;

  const allRows = async (target: Parameters<typeof gqlData>[0], filter: Record<string, unknown>, query = WORKLOAD) => {
    const rows: Row[] = [];
    let after: string | null = null;
    for (;;) {
      const page: { totalCount: number; nodes: Row[]; pageInfo: { hasNextPage: boolean; endCursor: string } } = (
        (await gqlData(target, query, { filter, after })) as {
          workload: { totalCount: number; nodes: Row[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
        }
      ).workload;
      rows.push(...page.nodes);
      if (!page.pageInfo.hasNextPage) {
        expect(page.totalCount).toBe(rows.length);
        return rows;
      }
      after = page.pageInfo.endCursor;
    }
  };

  beforeAll(async () => {
    stack = await startTestStack(mysqlStorage);
  });
  afterAll(async () => {
    await stack?.[Symbol.asyncDispose]();
    await sql[Symbol.asyncDispose]();
  });

  it.each([
    ['person', true],
    ['body', false],
  ])('outliers per %s match the SQL model row for row', async (_, byPerson) => {
    const expected = await sql.rows<SqlOutlier>(outliersSql(byPerson), [from, to]);
    if (byPerson) expect(expected.length).toBeGreaterThan(0);
    const rows = await allRows(stack.supervisor, { by: byPerson ? 'PERSON' : 'BODY', from, to, onlyOutliers: true });
    const key = (subject: string, category: string) => `${subject}|${category}`;
    expect(sorted(rows.map((r) => key(byPerson ? r.person!.personKey : r.org.uscc, r.category.code)))).toEqual(
      sorted(expected.map((e) => key(e.subject, e.category))),
    );
    const bySqlKey = new Map(expected.map((e) => [key(e.subject, e.category), e]));
    for (const row of rows) {
      const e = bySqlKey.get(key(byPerson ? row.person!.personKey : row.org.uscc, row.category.code))!;
      expect({ org: row.org.uscc, region: row.regionCode, records: row.records, peers: row.peers!.subjects }).toEqual({
        org: e.org,
        region: e.region,
        records: e.n,
        peers: e.peers,
      });
      expect(row.hours).toBeCloseTo(e.h, 6);
      expect(row.peers!.meanHoursPerRecord).toBeCloseTo(e.mean, 3);
      expect(row.peers!.stdDevHoursPerRecord).toBeCloseTo(e.sd, 3);
      expect(row.zScore!).toBeCloseTo(e.z, 3);
      expect(row.deviation).toBe(e.z > 0 ? 'ABOVE_PEERS' : 'BELOW_PEERS');
    }
    // Largest deviation first.
    const deviations = rows.map((r) => Math.abs(r.zScore!));
    expect(deviations).toEqual([...deviations].sort((a, b) => b - a));
  });

  it('finds every planted inflated workload above its peers, and nobody else', async () => {
    const planted = manifest.anomalies.WORKLOAD_INFLATED;
    expect(planted.length).toBeGreaterThanOrEqual(3);
    const rows = await allRows(stack.supervisor, { by: 'PERSON', from, to, onlyOutliers: true });
    expect(sorted([...new Set(rows.map((r) => r.person!.personKey))])).toEqual(sorted(planted.map((p) => p.personKey)));
    for (const row of rows) {
      expect(row.deviation).toBe('ABOVE_PEERS');
      expect(row.ratio).toBeCloseTo(3, 6);
      expect(row.standardHours * 3).toBeCloseTo(row.hours, 6);
    }
  });

  it("a county officer sees only the county's rows, each with its hours and standard as SQL counts them", async () => {
    const county = await sql.value<string>(
      `SELECT region_code FROM ${testDb('activity')}.work_record WHERE region_code NOT LIKE '%00' GROUP BY region_code ORDER BY COUNT(*) DESC LIMIT 1`,
    );
    const officer = caller(
      stack.gatewayUrl,
      await stack.realm.mint({ user: 'staffing.county', roles: ['staffing-officer'], region: county }),
    );
    // Bodies only: a desk officer states no purpose, so rows name no person.
    const rows = await allRows(officer, { by: 'BODY', from, to }, workloadQuery(false));
    const expected = await sql.rows<{ org: string; category: string; n: number; h: number; standard: number }>(
      `SELECT w.org_uscc org, w.category_code category, COUNT(*) n, SUM(w.hours) h, COUNT(*) * c.standard_hours standard
         FROM ${testDb('activity')}.work_record w JOIN ${testDb('activity')}.activity_category c ON c.code = w.category_code
        WHERE w.region_code LIKE ? AND w.date BETWEEN ? AND ? GROUP BY w.org_uscc, w.category_code, c.standard_hours`,
      [`${county}%`, from, to],
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(
      sorted(
        rows.map(
          (r) => `${r.org.uscc}|${r.category.code}|${r.records}|${r.hours.toFixed(2)}|${r.standardHours.toFixed(2)}`,
        ),
      ),
    ).toEqual(
      sorted(
        expected.map((e) => `${e.org}|${e.category}|${e.n}|${Number(e.h).toFixed(2)}|${Number(e.standard).toFixed(2)}`),
      ),
    );
    for (const r of rows) expect(r.regionCode.startsWith(county.slice(0, 6))).toBe(true);
  });

  it('refuses bad input with a code, and naming people needs a purpose', async () => {
    const bad = async (filter: Record<string, unknown>) =>
      (await gql(stack.supervisor, WORKLOAD, { filter: { from, to, ...filter } })).errors?.[0]?.extensions?.code;
    expect(await bad({ threshold: 0 })).toBe('BAD_USER_INPUT');
    expect(await bad({ from: to, to: from })).toBe('BAD_USER_INPUT');
    expect(await bad({ personKey: "x' OR '1'='1" })).toBe('BAD_USER_INPUT');
    expect(await bad({ regionCode: '32%' })).toBe('BAD_USER_INPUT');
    const noPurpose = caller(
      stack.gatewayUrl,
      await stack.realm.mint({ user: 'supervisor.nopurpose', roles: ['supervisor'], region: '320000' }),
    );
    const result = await gql(
      noPurpose,
      `query($f: WorkloadFilter!) { workload(filter: $f, first: 1) { nodes { person { personKey } records } } }`,
      {
        f: { from, to },
      },
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('PURPOSE_REQUIRED');
  });
});
