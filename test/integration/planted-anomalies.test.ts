import { readFileSync } from 'node:fs';
import { manifestPath } from '../../subgraphs/seed/seed-databases';
import type { Manifest } from '../../subgraphs/seed/manifest';
import { ANOMALY_KINDS, ANOMALY_RATES, SCALES } from '../../subgraphs/seed/scales';
import { mysqlStorage, testDb } from '../support/env';
import { SqlOracle } from '../support/mysql';

/**
 * The generator's ground truth against the data it loaded: for every anomaly kind, plain SQL over the
 * source databases finds exactly the planted cases (no more, no fewer). These queries are also the
 * reference answers later supervision features are measured against.
 */
const staffing = testDb('staffing');
const finance = testDb('finance');
const civil = testDb('civil_affairs');
const audit = testDb('audit');
const activity = testDb('activity');

describe('planted anomalies match the ground-truth manifest', () => {
  const sql = new SqlOracle();
  const manifest = JSON.parse(readFileSync(manifestPath(mysqlStorage), 'utf8')) as Manifest;
  const { windowStart, windowEnd, asOf } = manifest.calendar;
  const keys = (rows: Array<{ k: string | number }>) => rows.map((r) => String(r.k)).sort();
  const planted = <T>(list: T[], key: (item: T) => string | number) => list.map((item) => String(key(item))).sort();

  afterAll(async () => {
    await sql[Symbol.asyncDispose]();
  });

  it('the test dataset has the scale’s row counts and every anomaly kind', async () => {
    expect(manifest.rowCounts['staffing.person']).toBe(SCALES.test.people);
    expect(await sql.value(`SELECT COUNT(*) FROM ${staffing}.person`)).toBe(SCALES.test.people);
    expect(await sql.value(`SELECT COUNT(*) FROM ${activity}.work_record`)).toBe(SCALES.test.workRecords);
    expect(await sql.value(`SELECT COUNT(*) FROM ${civil}.beneficiary`)).toBe(SCALES.test.reliefCases);
    for (const [table, count] of Object.entries(manifest.rowCounts)) {
      const [db, name] = table.split('.') as [string, string];
      expect([table, await sql.value(`SELECT COUNT(*) FROM ${mysqlStorage.databasePrefix}${db.replace('-', '_')}.${name}`)]).toEqual([table, count]);
    }
    for (const kind of ANOMALY_KINDS) {
      expect([kind, manifest.anomalies[kind].length >= ANOMALY_RATES[kind].min]).toEqual([kind, true]);
    }
  });

  it('GHOST_NOT_ON_ROLL: paid, on nobody’s roll', async () => {
    const rows = await sql.rows<{ k: string }>(
      `SELECT DISTINCT l.person_key k FROM ${finance}.payroll_line l WHERE l.person_key NOT IN (SELECT person_key FROM ${staffing}.person)`,
    );
    expect(keys(rows)).toEqual(planted(manifest.anomalies.GHOST_NOT_ON_ROLL, (c) => c.personKey));
  });

  it('PAID_AFTER_SEPARATION: retired, transferred or dead on the roll, paid by their body for a later month', async () => {
    const rows = await sql.rows<{ k: string; months: string }>(
      `SELECT p.person_key k, GROUP_CONCAT(l.month ORDER BY l.month) months
         FROM ${staffing}.person p JOIN ${staffing}.org o ON o.id = p.org_id
         JOIN ${finance}.payroll_line l ON l.person_key = p.person_key AND l.org_uscc = o.uscc
        WHERE p.status IN ('RETIRED','TRANSFERRED_OUT','DECEASED') AND l.month > LEFT(p.status_date, 7)
        GROUP BY p.person_key`,
    );
    expect(keys(rows)).toEqual(planted(manifest.anomalies.PAID_AFTER_SEPARATION, (c) => c.personKey));
    const months = new Map(manifest.anomalies.PAID_AFTER_SEPARATION.map((c) => [c.personKey, c.months.join(',')]));
    for (const row of rows) expect(row.months).toBe(months.get(row.k));
  });

  it('DEAD_BUT_PAID: on the roll, a death registered, paid for a month after it', async () => {
    const rows = await sql.rows<{ k: string }>(
      `SELECT DISTINCT p.person_key k FROM ${staffing}.person p
         JOIN ${civil}.death_record d ON d.person_key = p.person_key
         JOIN ${finance}.payroll_line l ON l.person_key = p.person_key
        WHERE p.status = 'ON_ROLL' AND l.month > LEFT(d.died_on, 7)`,
    );
    expect(keys(rows)).toEqual(planted(manifest.anomalies.DEAD_BUT_PAID, (c) => c.personKey));
  });

  it('SECONDED_PAID_TWICE and PAID_BY_TWO_BODIES: paid in one month by two bodies', async () => {
    const rows = await sql.rows<{ k: string; status: string }>(
      `SELECT DISTINCT l.person_key k, p.status FROM ${finance}.payroll_line l
         JOIN ${finance}.payroll_line other ON other.person_key = l.person_key AND other.month = l.month AND other.org_uscc <> l.org_uscc
         JOIN ${staffing}.person p ON p.person_key = l.person_key`,
    );
    expect(keys(rows.filter((r) => r.status === 'SECONDED'))).toEqual(planted(manifest.anomalies.SECONDED_PAID_TWICE, (c) => c.personKey));
    expect(keys(rows.filter((r) => r.status !== 'SECONDED'))).toEqual(planted(manifest.anomalies.PAID_BY_TWO_BODIES, (c) => c.personKey));
  });

  it('NEVER_AT_POST: on the roll and paid, without a single work record in six months', async () => {
    const rows = await sql.rows<{ k: string }>(
      `SELECT DISTINCT p.person_key k FROM ${staffing}.person p
         JOIN ${finance}.payroll_line l ON l.person_key = p.person_key
        WHERE p.status = 'ON_ROLL' AND NOT EXISTS (
          SELECT 1 FROM ${activity}.work_record w WHERE w.person_key = p.person_key AND w.date BETWEEN ? AND ?)`,
      [windowStart, windowEnd],
    );
    expect(keys(rows)).toEqual(planted(manifest.anomalies.NEVER_AT_POST, (c) => c.personKey));
  });

  it('OVER_ESTABLISHMENT: people occupying posts of a type above the 三定 quota', async () => {
    const rows = await sql.rows<{ k: string }>(
      `SELECT CONCAT(o.uscc, '/', q.type, '/', q.quota, '/', COUNT(p.id)) k
         FROM ${staffing}.establishment_quota q
         JOIN ${staffing}.establishment_plan pl ON pl.id = q.plan_id
         JOIN ${staffing}.org o ON o.id = pl.org_id
         JOIN ${staffing}.person p ON p.org_id = o.id AND p.establishment_type = q.type AND p.status IN ('ON_ROLL','SECONDED')
        GROUP BY o.uscc, q.type, q.quota HAVING COUNT(p.id) > q.quota`,
    );
    expect(keys(rows)).toEqual(planted(manifest.anomalies.OVER_ESTABLISHMENT, (c) => `${c.orgUscc}/${c.type}/${c.quota}/${c.actual}`));
  });

  it('LEADER_POSTS_EXCEEDED: more deputies than 领导职数', async () => {
    const rows = await sql.rows<{ k: string }>(
      `SELECT o.uscc k FROM ${staffing}.org o JOIN ${staffing}.establishment_plan pl ON pl.org_id = o.id
         JOIN ${staffing}.person p ON p.org_id = o.id AND p.leader_rank = 'DEPUTY' AND p.status = 'ON_ROLL'
        GROUP BY o.uscc, pl.leader_deputy HAVING COUNT(*) > pl.leader_deputy`,
    );
    expect(keys(rows)).toEqual(planted(manifest.anomalies.LEADER_POSTS_EXCEEDED, (c) => c.orgUscc));
  });

  it('PUBLIC_EMPLOYEE_ON_RELIEF: a relief household member on a public payroll', async () => {
    const rows = await sql.rows<{ k: string }>(
      `SELECT DISTINCT b.case_number k FROM ${civil}.household_member m
         JOIN ${civil}.beneficiary b ON b.household_id = m.household_id
        WHERE m.person_key IN (SELECT person_key FROM ${finance}.payroll_line)`,
    );
    expect(keys(rows)).toEqual(planted(manifest.anomalies.PUBLIC_EMPLOYEE_ON_RELIEF, (c) => c.caseNumber));
  });

  it('DEAD_BENEFICIARY_PAID: relief paid after a member’s registered death, with the amounts', async () => {
    const rows = await sql.rows<{ k: string; amount: number }>(
      `SELECT b.case_number k, SUM(rp.amount) amount FROM ${civil}.beneficiary b
         JOIN ${civil}.household_member m ON m.household_id = b.household_id
         JOIN ${civil}.death_record d ON d.person_key = m.person_key
         JOIN ${civil}.relief_payment rp ON rp.beneficiary_id = b.id AND rp.paid_on > d.died_on
        GROUP BY b.case_number`,
    );
    expect(keys(rows)).toEqual(planted(manifest.anomalies.DEAD_BENEFICIARY_PAID, (c) => c.caseNumber));
    const amounts = new Map(manifest.anomalies.DEAD_BENEFICIARY_PAID.map((c) => [c.caseNumber, c.amount]));
    for (const row of rows) expect(row.amount).toBeCloseTo(amounts.get(row.k)!, 2);
  });

  it('PAYMENT_WITHOUT_WORK_RECORD and PAYMENT_CATEGORY_MISMATCH: reimbursements against work records', async () => {
    const rows = await sql.rows<{ k: string; matching: number; any_record: number }>(
      `SELECT p.voucher_number k,
              SUM(CASE WHEN LEFT(w.category_code, 2) = (CASE p.category WHEN 'TRAVEL' THEN '03' WHEN 'MEETING' THEN '02' ELSE '06' END) THEN 1 ELSE 0 END) matching,
              COUNT(w.id) any_record
         FROM ${finance}.payment p
         LEFT JOIN ${activity}.work_record w ON w.person_key = p.payee_person_key AND w.date = p.service_date
        WHERE p.category IN ('TRAVEL','MEETING','TRAINING') AND p.payee_person_key IS NOT NULL
        GROUP BY p.voucher_number`,
    );
    expect(keys(rows.filter((r) => Number(r.any_record) === 0))).toEqual(planted(manifest.anomalies.PAYMENT_WITHOUT_WORK_RECORD, (c) => c.voucherNumber));
    expect(keys(rows.filter((r) => Number(r.any_record) > 0 && Number(r.matching) === 0))).toEqual(
      planted(manifest.anomalies.PAYMENT_CATEGORY_MISMATCH, (c) => c.voucherNumber),
    );
  });

  it('AUDIT_OVERDUE and AUDIT_REPEATED: findings past deadline, and the same finding in two years', async () => {
    const overdue = await sql.rows<{ k: number }>(
      `SELECT id k FROM ${audit}.finding WHERE rectification_deadline < ? AND rectification_status <> 'COMPLETED'`,
      [asOf],
    );
    expect(keys(overdue)).toEqual(planted(manifest.anomalies.AUDIT_OVERDUE, (c) => c.findingId));
    const repeated = await sql.rows<{ k: string }>(
      `SELECT CONCAT(f.responsible_uscc, '/', f.category) k FROM ${audit}.finding f JOIN ${audit}.audit_project p ON p.id = f.project_id
        GROUP BY f.responsible_uscc, f.category HAVING COUNT(DISTINCT p.year) > 1`,
    );
    expect(keys(repeated)).toEqual(planted(manifest.anomalies.AUDIT_REPEATED, (c) => `${c.responsibleUscc}/${c.category}`));
  });

  it('flagged identifiers are exactly the stored ones marked invalid', async () => {
    const people = await sql.rows<{ k: string }>(`SELECT id_number k FROM ${staffing}.person WHERE id_number_valid = 0`);
    const members = await sql.rows<{ k: string }>(`SELECT id_number k FROM ${civil}.household_member WHERE id_number_valid = 0`);
    expect(keys([...people, ...members])).toEqual(planted(manifest.flagged.INVALID_ID_NUMBER, (c) => c.idNumber));
    const orgs = await sql.rows<{ k: string }>(`SELECT uscc k FROM ${staffing}.org WHERE uscc_valid = 0`);
    expect(keys(orgs)).toEqual(planted(manifest.flagged.INVALID_USCC, (c) => c.uscc));
  });
});
