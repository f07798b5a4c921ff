import type { Manifest } from '../manifest';
import type { AnomalyKind } from '../scales';

/** Runs plain SQL (MySQL dialect, cross-database) and returns rows. */
export type SqlRunner = (sql: string, params?: unknown[]) => Promise<Array<Record<string, unknown>>>;

/** Fully qualified database names of one dataset. */
export interface DatasetDatabases {
  staffing: string;
  finance: string;
  civilAffairs: string;
  audit: string;
  activity: string;
}

export function datasetDatabases(prefix: string): DatasetDatabases {
  return {
    staffing: `${prefix}staffing`,
    finance: `${prefix}finance`,
    civilAffairs: `${prefix}civil_affairs`,
    audit: `${prefix}audit`,
    activity: `${prefix}activity`,
  };
}

/**
 * Reference answers for every anomaly kind, straight from the source tables with plain SQL: the
 * yardstick for the generator's ground truth and, later, for the supervision queries. Each returns
 * the case keys, in the same form as `manifestKeys`.
 */
export function referenceQueries(
  db: DatasetDatabases,
  calendar: Manifest['calendar'],
): Record<AnomalyKind, { sql: string; params?: unknown[] }> {
  const { staffing, finance, civilAffairs, audit, activity } = db;
  const twoBodies = (seconded: boolean) => ({
    sql: `SELECT DISTINCT l.person_key k FROM ${finance}.payroll_line l
            JOIN ${finance}.payroll_line other ON other.person_key = l.person_key AND other.month = l.month AND other.org_uscc <> l.org_uscc
            JOIN ${staffing}.person p ON p.person_key = l.person_key
           WHERE p.status ${seconded ? '=' : '<>'} 'SECONDED'`,
  });
  const reimbursements = (withRecords: boolean) => ({
    sql: `SELECT p.voucher_number k FROM ${finance}.payment p
            LEFT JOIN ${activity}.work_record w ON w.person_key = p.payee_person_key AND w.date = p.service_date
           WHERE p.category IN ('TRAVEL','MEETING','TRAINING') AND p.payee_person_key IS NOT NULL
           GROUP BY p.voucher_number, p.category
          HAVING COUNT(w.id) ${withRecords ? '> 0' : '= 0'}
             AND SUM(CASE WHEN LEFT(w.category_code, 2) = (CASE p.category WHEN 'TRAVEL' THEN '03' WHEN 'MEETING' THEN '02' ELSE '06' END) THEN 1 ELSE 0 END) = 0`,
  });
  return {
    GHOST_NOT_ON_ROLL: {
      sql: `SELECT DISTINCT l.person_key k FROM ${finance}.payroll_line l
             WHERE NOT EXISTS (SELECT 1 FROM ${staffing}.person p WHERE p.person_key = l.person_key)`,
    },
    PAID_AFTER_SEPARATION: {
      sql: `SELECT CONCAT(p.person_key, '/', GROUP_CONCAT(l.month ORDER BY l.month)) k
              FROM ${staffing}.person p JOIN ${staffing}.org o ON o.id = p.org_id
              JOIN ${finance}.payroll_line l ON l.person_key = p.person_key AND l.org_uscc = o.uscc
             WHERE p.status IN ('RETIRED','TRANSFERRED_OUT','DECEASED') AND l.month > LEFT(p.status_date, 7)
             GROUP BY p.person_key`,
    },
    DEAD_BUT_PAID: {
      sql: `SELECT DISTINCT p.person_key k FROM ${staffing}.person p
              JOIN ${civilAffairs}.death_record d ON d.person_key = p.person_key
              JOIN ${finance}.payroll_line l ON l.person_key = p.person_key
             WHERE p.status = 'ON_ROLL' AND l.month > LEFT(d.died_on, 7)`,
    },
    SECONDED_PAID_TWICE: twoBodies(true),
    PAID_BY_TWO_BODIES: twoBodies(false),
    NEVER_AT_POST: {
      sql: `SELECT DISTINCT p.person_key k FROM ${staffing}.person p
              JOIN ${finance}.payroll_line l ON l.person_key = p.person_key
             WHERE p.status IN ('ON_ROLL','SECONDED') AND NOT EXISTS (
               SELECT 1 FROM ${activity}.work_record w WHERE w.person_key = p.person_key AND w.date BETWEEN ? AND ?)`,
      params: [calendar.windowStart, calendar.windowEnd],
    },
    ON_ROLL_NOT_PAID: {
      sql: `SELECT p.person_key k FROM ${staffing}.person p JOIN ${staffing}.org o ON o.id = p.org_id
             WHERE p.status IN ('ON_ROLL','SECONDED') AND NOT EXISTS (
               SELECT 1 FROM ${finance}.payroll_line l WHERE l.person_key = p.person_key AND l.org_uscc = o.uscc)`,
    },
    OVER_ESTABLISHMENT: {
      sql: `SELECT CONCAT(o.uscc, '/', q.type, '/', q.quota, '/', COUNT(p.id)) k
              FROM ${staffing}.establishment_quota q
              JOIN ${staffing}.establishment_plan pl ON pl.id = q.plan_id
              JOIN ${staffing}.org o ON o.id = pl.org_id
              JOIN ${staffing}.person p ON p.org_id = o.id AND p.establishment_type = q.type AND p.status IN ('ON_ROLL','SECONDED')
             GROUP BY o.uscc, q.type, q.quota HAVING COUNT(p.id) > q.quota`,
    },
    LEADER_POSTS_EXCEEDED: {
      sql: `SELECT o.uscc k FROM ${staffing}.org o JOIN ${staffing}.establishment_plan pl ON pl.org_id = o.id
              JOIN ${staffing}.person p ON p.org_id = o.id AND p.leader_rank = 'DEPUTY' AND p.status = 'ON_ROLL'
             GROUP BY o.uscc, pl.leader_deputy HAVING COUNT(*) > pl.leader_deputy`,
    },
    PUBLIC_EMPLOYEE_ON_RELIEF: {
      sql: `SELECT DISTINCT b.case_number k FROM ${civilAffairs}.household_member m
              JOIN ${civilAffairs}.beneficiary b ON b.household_id = m.household_id
             WHERE m.person_key IN (SELECT person_key FROM ${finance}.payroll_line)`,
    },
    DEAD_BENEFICIARY_PAID: {
      sql: `SELECT CONCAT(b.case_number, '/', SUM(rp.amount)) k FROM ${civilAffairs}.beneficiary b
              JOIN ${civilAffairs}.household_member m ON m.household_id = b.household_id
              JOIN ${civilAffairs}.death_record d ON d.person_key = m.person_key
              JOIN ${civilAffairs}.relief_payment rp ON rp.beneficiary_id = b.id AND rp.paid_on > d.died_on
             GROUP BY b.case_number`,
    },
    PAYMENT_WITHOUT_WORK_RECORD: reimbursements(false),
    PAYMENT_CATEGORY_MISMATCH: reimbursements(true),
    AUDIT_OVERDUE: {
      sql: `SELECT id k FROM ${audit}.finding WHERE rectification_deadline < ? AND rectification_status <> 'COMPLETED'`,
      params: [calendar.asOf],
    },
    AUDIT_REPEATED: {
      sql: `SELECT CONCAT(f.responsible_uscc, '/', f.category) k FROM ${audit}.finding f JOIN ${audit}.audit_project p ON p.id = f.project_id
             GROUP BY f.responsible_uscc, f.category HAVING COUNT(DISTINCT p.year) > 1`,
    },
    WORKLOAD_INFLATED: {
      sql: `SELECT w.person_key k FROM ${activity}.work_record w JOIN ${activity}.activity_category c ON c.code = w.category_code
             GROUP BY w.person_key HAVING MIN(w.hours / c.standard_hours) >= 2`,
    },
  };
}

const money = (n: number) => n.toFixed(2);

/** The planted cases of a kind, keyed as the reference query keys them. */
export function manifestKeys(manifest: Manifest, kind: AnomalyKind): string[] {
  const a = manifest.anomalies;
  switch (kind) {
    case 'PAID_AFTER_SEPARATION':
      return a.PAID_AFTER_SEPARATION.map((c) => `${c.personKey}/${c.months.join(',')}`);
    case 'OVER_ESTABLISHMENT':
      return a.OVER_ESTABLISHMENT.map((c) => `${c.orgUscc}/${c.type}/${c.quota}/${c.actual}`);
    case 'LEADER_POSTS_EXCEEDED':
      return a.LEADER_POSTS_EXCEEDED.map((c) => c.orgUscc);
    case 'PUBLIC_EMPLOYEE_ON_RELIEF':
      return a.PUBLIC_EMPLOYEE_ON_RELIEF.map((c) => c.caseNumber);
    case 'DEAD_BENEFICIARY_PAID':
      return a.DEAD_BENEFICIARY_PAID.map((c) => `${c.caseNumber}/${money(c.amount)}`);
    case 'PAYMENT_WITHOUT_WORK_RECORD':
      return a.PAYMENT_WITHOUT_WORK_RECORD.map((c) => c.voucherNumber);
    case 'PAYMENT_CATEGORY_MISMATCH':
      return a.PAYMENT_CATEGORY_MISMATCH.map((c) => c.voucherNumber);
    case 'AUDIT_OVERDUE':
      return a.AUDIT_OVERDUE.map((c) => String(c.findingId));
    case 'AUDIT_REPEATED':
      return a.AUDIT_REPEATED.map((c) => `${c.responsibleUscc}/${c.category}`);
    default:
      return a[kind].map((c) => c.personKey);
  }
}
