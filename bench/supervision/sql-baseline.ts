/**
 * The baselines of the province-scale reconciliation benchmark, in plain SQL on MariaDB:
 * (a) copy the tables the reconciliation needs from the five systems' databases into one database,
 * then join; (b) the join alone on the copied data. The copy is server-side (INSERT … SELECT on the same
 * server): the most favourable case for copying, faster than any export between real systems.
 */
import type { Connection } from 'mysql2/promise';

/** system database suffix → tables the reconciliation reads from it. */
const NEEDED_TABLES: Record<string, string[]> = {
  staffing: ['org', 'person', 'establishment_plan', 'establishment_quota'],
  finance: ['payroll_line'],
  activity: ['work_record'],
  civil_affairs: ['death_record'],
};

export interface ReconciliationFigures {
  onRoll: number;
  paid: number;
  matched: number;
  matchRate: number;
  /** kind → people and amount (yuan, 2 decimals). */
  summary: Record<string, { people: number; amount: string }>;
  /** Bodies with a 三定 plan or anyone on their roll. */
  bodies: number;
}

export interface SqlRun {
  ms: number;
  statements: number;
}

/** (a), first half: the needed tables copied with their indexes into `central`, replacing what was there. */
export async function copyNeededTables(sql: Connection, prefix: string, central: string): Promise<SqlRun> {
  const started = performance.now();
  let statements = 0;
  const run = async (text: string) => {
    statements++;
    await sql.query(text);
  };
  await run(`DROP DATABASE IF EXISTS \`${central}\``);
  await run(`CREATE DATABASE \`${central}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  for (const [system, tables] of Object.entries(NEEDED_TABLES)) {
    for (const table of tables) {
      await run(`CREATE TABLE \`${central}\`.\`${table}\` LIKE \`${prefix}${system}\`.\`${table}\``);
      await run(`INSERT INTO \`${central}\`.\`${table}\` SELECT * FROM \`${prefix}${system}\`.\`${table}\``);
    }
  }
  return { ms: performance.now() - started, statements };
}

const COUNTED = `('ON_ROLL','SECONDED')`;

/**
 * (b): the whole-province reconciliation as SQL over the copied tables: the same rules as the
 * supervision subgraph's (checks/headcount.ts), written independently, so its figures also check
 * the answer the gateway gave.
 */
export async function reconcileInSql(
  sql: Connection,
  central: string,
  range: { fromMonth: string; toMonth: string; presenceFrom: string; presenceTo: string },
): Promise<
  SqlRun & { figures: ReconciliationFigures; overEstablishedBodies: number; leaderPostsExceededBodies: number }
> {
  const started = performance.now();
  let statements = 0;
  const run = async <T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> => {
    statements++;
    const t0 = performance.now();
    const [rows] = await sql.query(text, params);
    if (process.env['BENCH_SQL_TRACE'])
      process.stderr.write(`${Math.round(performance.now() - t0)} ms  ${text.replace(/\s+/g, ' ').slice(0, 110)}\n`);
    return rows as T[];
  };
  await run(`USE \`${central}\``);
  for (const table of ['roll', 'pay', 'own_paid', 'death', 'present', 'multi', 'mismatch'])
    await run(`DROP TEMPORARY TABLE IF EXISTS ${table}`);
  await run(`CREATE TEMPORARY TABLE roll (PRIMARY KEY (person_key), KEY (org_uscc)) AS
    SELECT p.person_key, o.uscc org_uscc, p.establishment_type, p.status, p.status_date, p.leader_rank FROM person p JOIN org o ON o.id = p.org_id`);
  // No index on org_uscc alone: with fresh statistics MariaDB would drive joins through it, row by row.
  await run(
    `CREATE TEMPORARY TABLE pay (KEY (person_key, org_uscc, month)) AS
    SELECT person_key, org_uscc, month, gross FROM payroll_line WHERE month BETWEEN ? AND ?`,
    [range.fromMonth, range.toMonth],
  );
  // Who their own body (the one whose roll they are on) paid in the range.
  await run(`CREATE TEMPORARY TABLE own_paid (PRIMARY KEY (person_key)) AS
    SELECT r.person_key FROM roll r WHERE EXISTS (SELECT 1 FROM pay l WHERE l.person_key = r.person_key AND l.org_uscc = r.org_uscc)`);
  await run(
    `CREATE TEMPORARY TABLE death (PRIMARY KEY (person_key)) AS SELECT person_key, MIN(died_on) died_on FROM death_record GROUP BY person_key`,
  );
  await run(
    `CREATE TEMPORARY TABLE present (PRIMARY KEY (person_key)) AS SELECT DISTINCT person_key FROM work_record WHERE date BETWEEN ? AND ?`,
    [range.presenceFrom, range.presenceTo],
  );
  await run(
    `CREATE TEMPORARY TABLE multi (PRIMARY KEY (person_key, month)) AS SELECT person_key, month FROM pay GROUP BY person_key, month HAVING COUNT(DISTINCT org_uscc) > 1`,
  );
  await run(
    `CREATE TEMPORARY TABLE mismatch (kind VARCHAR(32) NOT NULL, person_key VARCHAR(32) NOT NULL, amount DECIMAL(18,2) NOT NULL, KEY (person_key))`,
  );
  await run(`INSERT INTO mismatch SELECT 'PAID_NOT_ON_ROLL', l.person_key, SUM(l.gross) FROM pay l LEFT JOIN roll r ON r.person_key = l.person_key
    WHERE r.person_key IS NULL GROUP BY l.person_key`);
  await run(`INSERT INTO mismatch SELECT 'PAID_AFTER_SEPARATION', r.person_key, SUM(l.gross) FROM roll r JOIN pay l ON l.person_key = r.person_key AND l.org_uscc = r.org_uscc
    WHERE r.status IN ('RETIRED','TRANSFERRED_OUT','DECEASED') AND r.status_date IS NOT NULL AND l.month > DATE_FORMAT(r.status_date, '%Y-%m') GROUP BY r.person_key`);
  await run(`INSERT INTO mismatch SELECT 'DEAD_BUT_PAID', r.person_key, SUM(l.gross) FROM roll r JOIN death d ON d.person_key = r.person_key JOIN pay l ON l.person_key = r.person_key
    WHERE r.status = 'ON_ROLL' AND l.month > DATE_FORMAT(d.died_on, '%Y-%m') GROUP BY r.person_key`);
  await run(`INSERT INTO mismatch SELECT IF(r.status = 'SECONDED', 'SECONDED_PAID_TWICE', 'PAID_BY_TWO_BODIES'), r.person_key, SUM(l.gross)
    FROM roll r JOIN pay l ON l.person_key = r.person_key JOIN multi m ON m.person_key = l.person_key AND m.month = l.month
    WHERE l.org_uscc <> r.org_uscc GROUP BY r.person_key, r.status`);
  await run(`INSERT INTO mismatch SELECT 'NEVER_AT_POST', r.person_key, SUM(l.gross) FROM roll r JOIN pay l ON l.person_key = r.person_key LEFT JOIN present w ON w.person_key = r.person_key
    WHERE r.status IN ${COUNTED} AND w.person_key IS NULL GROUP BY r.person_key`);
  await run(`INSERT INTO mismatch SELECT 'ON_ROLL_NOT_PAID', r.person_key, 0 FROM roll r LEFT JOIN own_paid o ON o.person_key = r.person_key
    WHERE r.status IN ${COUNTED} AND o.person_key IS NULL`);

  const summaryRows = await run<{ kind: string; people: number; amount: string }>(
    `SELECT kind, COUNT(*) people, SUM(amount) amount FROM mismatch GROUP BY kind`,
  );
  const [totals] = await run<{ onRoll: number; paid: number; matched: number; paidNotCounted: number }>(`SELECT
      (SELECT COUNT(*) FROM roll WHERE status IN ${COUNTED}) onRoll,
      (SELECT COUNT(DISTINCT person_key) FROM pay) paid,
      (SELECT COUNT(*) FROM roll r JOIN own_paid o ON o.person_key = r.person_key LEFT JOIN (SELECT DISTINCT person_key FROM mismatch) m ON m.person_key = r.person_key
         WHERE r.status IN ${COUNTED} AND m.person_key IS NULL) matched,
      (SELECT COUNT(*) FROM (SELECT person_key FROM pay GROUP BY person_key) p LEFT JOIN roll r ON r.person_key = p.person_key
         WHERE r.person_key IS NULL OR r.status NOT IN ${COUNTED}) paidNotCounted`);
  // Per body and establishment type: people counted against the quota; bodies over it, and over their leader posts.
  const [bodies] = await run<{ bodies: number; over_quota: number; leaders: number }>(`SELECT
      (SELECT COUNT(*) FROM (SELECT o.uscc FROM org o UNION SELECT org_uscc FROM roll) b) bodies,
      (SELECT COUNT(DISTINCT t.org_uscc) FROM (SELECT org_uscc, establishment_type, COUNT(*) n FROM roll WHERE status IN ${COUNTED} GROUP BY org_uscc, establishment_type) t
         LEFT JOIN (SELECT o.uscc, q.type, q.quota FROM establishment_quota q JOIN establishment_plan pl ON pl.id = q.plan_id JOIN org o ON o.id = pl.org_id) q
           ON q.uscc = t.org_uscc AND q.type = t.establishment_type
         WHERE t.n > COALESCE(q.quota, 0)) over_quota,
      (SELECT COUNT(*) FROM (SELECT org_uscc, SUM(leader_rank = 'CHIEF') chiefs, SUM(leader_rank = 'DEPUTY') deputies FROM roll WHERE status = 'ON_ROLL' GROUP BY org_uscc) l
         JOIN org o ON o.uscc = l.org_uscc JOIN establishment_plan pl ON pl.org_id = o.id
         WHERE l.chiefs > pl.leader_chief OR l.deputies > pl.leader_deputy) leaders`);
  const t = totals!;
  const figures: ReconciliationFigures = {
    onRoll: Number(t.onRoll),
    paid: Number(t.paid),
    matched: Number(t.matched),
    // Everyone counted on the roll or paid: the counted, plus the paid who are not.
    matchRate:
      Number(t.onRoll) + Number(t.paidNotCounted) === 0
        ? 1
        : Number(t.matched) / (Number(t.onRoll) + Number(t.paidNotCounted)),
    summary: Object.fromEntries(
      summaryRows.map((r) => [r.kind, { people: Number(r.people), amount: Number(r.amount).toFixed(2) }]),
    ),
    bodies: Number(bodies!.bodies),
  };
  return {
    ms: performance.now() - started,
    statements,
    figures,
    overEstablishedBodies: Number(bodies!.over_quota),
    leaderPostsExceededBodies: Number(bodies!.leaders),
  };
}
