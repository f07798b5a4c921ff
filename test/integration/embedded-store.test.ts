import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { embeddedFile } from '../../common/database/database';
import { SUBGRAPH_NAMES } from '../../common/subgraph-catalog';
import { seedDatabases } from '../../subgraphs/seed/seed-databases';
import { embeddedStorage, mysqlStorage, TEST_SEED, testDb } from '../support/env';
import { gqlData } from '../support/graphql';
import { SqlOracle } from '../support/mysql';
import { startTestStack, type TestStack } from '../support/stack';
import { testManifest } from '../support/supervision';

/**
 * The embedded default (SQLite files, no database server) holds the same data for the same seed and
 * answers every query exactly as MariaDB does, through the gateway.
 */
const QUERIES: Record<string, string> = {
  'people with payroll, relief and work records': `{ people(first: 60, filter: { regionCode: "320100" }) { totalCount nodes { name idNumber status org { name level } payrollLines { month gross net } reliefMemberships { relation } deathRecord { diedOn } workRecords(first: 5) { totalCount nodes { date hours category { name } } } } } }`,
  'bodies with plans, units and power lists': `{ orgs(first: 40, filter: { nameContains: "财政" }) { totalCount nodes { uscc usccValid name region { name parent { name } } plan { documentNumber functions quotas { type funding quota } leaderPosts { chief deputy } } internalUnits { name leaderPosts { chief deputy } } powerItems { code categoryLabel } responsibilityItems { duty powerItem { code } } budgets(year: 2026) { lineCode amount } } } }`,
  'relief cases and deaths': `{ beneficiaries(first: 80, filter: { status: ACTIVE }) { totalCount nodes { caseNumber scheme monthlyAmount members { name person { personKey } } payments { month amount paidOn } } } deathRecords(first: 50) { totalCount nodes { name diedOn registeredOn } } }`,
  'quantified workload against peers': `{ workload(filter: { by: PERSON, from: "2026-01-01", to: "2026-06-30" }, first: 300) { totalCount nodes { person { personKey } org { uscc } regionCode category { code } records hours standardHours ratio hoursPerRecord peers { subjects regions meanHoursPerRecord stdDevHoursPerRecord } zScore deviation } } }`,
  'payments and audit findings': `{ payments(first: 80, filter: { category: TRAVEL }) { totalCount nodes { voucherNumber amount paidOn serviceDate payee { name } budget { lineName } } } findings(first: 50) { totalCount nodes { category amount rectificationStatus project { code year } } } }`,
};

describe('embedded store (SQLite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'govgraph-embedded-'));
  const storage = embeddedStorage(dir);
  let embedded: TestStack;
  let mysql: TestStack;

  beforeAll(async () => {
    await seedDatabases(storage, { scale: 'test', seed: TEST_SEED });
    [embedded, mysql] = await Promise.all([startTestStack(storage), startTestStack(mysqlStorage)]);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([embedded?.[Symbol.asyncDispose](), mysql?.[Symbol.asyncDispose]()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps each subgraph in its own file', () => {
    for (const name of SUBGRAPH_NAMES) expect(statSync(embeddedFile(storage, name)).size).toBeGreaterThan(10_000);
  });

  it.each(Object.entries(QUERIES))('answers "%s" exactly as MariaDB does', async (_name, query) => {
    const [fromSqlite, fromMysql] = await Promise.all([
      gqlData(embedded.supervisor, query),
      gqlData(mysql.supervisor, query),
    ]);
    expect(JSON.stringify(fromSqlite).length).toBeGreaterThan(2_000);
    expect(fromSqlite).toEqual(fromMysql);
  });

  it('batches on SQLite too: statement counts do not grow with rows', async () => {
    const query = (n: number) =>
      `{ people(first: ${n}) { nodes { payrollLines { gross } org { plan { quotas { quota } } } } } }`;
    embedded.resetStatementCounts();
    await gqlData(embedded.supervisor, query(5));
    const small = embedded.statementCounts();
    embedded.resetStatementCounts();
    await gqlData(embedded.supervisor, query(300));
    expect(embedded.statementCounts()).toEqual(small);
  });

  it('runs the cases system on SQLite too: a pre-payment check warns as on MariaDB and is kept in its file', async () => {
    const ghost = testManifest().anomalies.GHOST_NOT_ON_ROLL[0]!;
    const sql = new SqlOracle();
    const lines = await sql.rows<{ lineNo: number; personKey: string; orgUscc: string; gross: number }>(
      `SELECT id lineNo, person_key personKey, org_uscc orgUscc, gross FROM ${testDb('finance')}.payroll_line WHERE org_uscc = ? AND month = '2026-06' ORDER BY id`,
      [ghost.orgUscc],
    );
    await sql[Symbol.asyncDispose]();
    const check = `mutation($input: PayrollBatchInput!) { checkPayrollBatch(input: $input) { lineCount warnedLines summary { kind lines amount } warnings(first: 100) { nodes { lineNo personKey kinds } } } }`;
    const input = { reference: 'embedded', month: '2026-06', regionCode: '320000', lines };
    const [fromSqlite, fromMysql] = await Promise.all([
      gqlData(embedded.supervisor, check, { input }),
      gqlData(mysql.supervisor, check, { input }),
    ]);
    expect(JSON.stringify(fromSqlite)).toContain(ghost.personKey);
    expect(fromSqlite).toEqual(fromMysql);
    expect(statSync(embeddedFile(storage, 'cases')).size).toBeGreaterThan(10_000);
  });
});
