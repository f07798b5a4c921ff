/**
 * Province scale (143,364 people, three months of payroll, MariaDB): the whole-province headcount
 * reconciliation asked of the gateway by a supervisor, with token verification, decide-before-fetch,
 * masking and the hash-chained MariaDB access log on, next to two baselines measured in the same run:
 * (a) copy the needed tables into one database and join in SQL, end to end; (b) the SQL join alone.
 * Everything (five systems, the supervision subgraph, the gateway) runs in this one process, so the
 * peak RSS reported is that of the whole system, an upper bound for any one of its processes.
 */
import 'reflect-metadata';

import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import mysql from 'mysql2/promise';

import { DEV_PERSON_KEY_SECRET, type StorageConfig } from '../../common/config';
import { DEV_SIGNING_SECRET } from '../../common/gateway-signature';
import type { RunningServer } from '../../common/http-server';
import { projectRoot } from '../../common/paths';
import {
  CASES,
  databaseName,
  SUBGRAPH_NAMES,
  SUBGRAPHS,
  SUPERVISION,
  type SubgraphName,
} from '../../common/subgraph-catalog';
import { runCases } from '../../subgraphs/cases/run-cases';
import { runSubgraph, type StartedSubgraph } from '../../subgraphs/common/run-subgraph';
import { SUBGRAPH_DEFINITIONS } from '../../subgraphs/definitions';
import { SCALES } from '../../subgraphs/seed/scales';
import { daysOfMonthsEndingWith } from '../../subgraphs/supervision/checks/months';
import { AT_POST_WINDOW_MONTHS } from '../../subgraphs/supervision/headcount/headcount-types';
import { runSupervision } from '../../subgraphs/supervision/run-supervision';
import { startGovernedGateway } from '../governed-gateway';
import { peakMemory } from '../peak-memory';
import { measurePrePayment, prePaymentMarkdown, type PrePaymentFigures } from './pre-payment-batches';
import { copyNeededTables, reconcileInSql, type ReconciliationFigures } from './sql-baseline';

const run = promisify(execFile);
const PREFIX = 'govgraph_province_';
const CENTRAL = `${PREFIX}central`;
const RANGE = { fromMonth: '2026-04', toMonth: '2026-06' };
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const PURPOSE = 'JC-2026-0001; province reconciliation benchmark';

const QUERY = `query ProvinceReconciliation($fromMonth: String!, $toMonth: String) {
  headcountReconciliation(fromMonth: $fromMonth, toMonth: $toMonth) {
    onRoll paid matched matchRate
    summary { kind people amount }
    bodies(first: 500) { totalCount nodes { org { uscc } paid mismatches overEstablished leaders { exceeded } byType { type quota onRoll paid over } } }
    mismatches(first: 500) { totalCount nodes { kind personKey payingOrgs { uscc } months amount } }
  }
}`;

interface GatewayRun {
  ms: number;
  /** Resident memory of the whole system (this process) when the request was sent, and its peak while answering. */
  startMiB: number;
  peakMiB: number;
  /** HTTP calls: gateway → supervision, and supervision → each system. */
  subgraphCalls: Record<string, number>;
  /** SQL statements each system ran. */
  sqlStatements: Record<string, number>;
  figures: ReconciliationFigures;
}

export interface SupervisionScaleReport {
  people: number;
  payrollLines: number;
  seedSeconds: number | null;
  gateway: GatewayRun[];
  copyAndJoin: Array<{ ms: number; copyMs: number; joinMs: number; statements: number }>;
  joinAlone: Array<{ ms: number; statements: number }>;
  prePayment: PrePaymentFigures | null;
}

/** The province-scale dataset's databases (seeded once, reused by the supervision and network benchmarks). */
export const storage: StorageConfig = {
  databaseUrl: process.env['DATABASE_URL'] || 'mysql://root@127.0.0.1:3306',
  databasePrefix: PREFIX,
  dataDir: mkdtempSync(join(tmpdir(), 'govgraph-bench-province-')),
  personKeySecret: DEV_PERSON_KEY_SECRET,
};

/** Seeds the province dataset in a child process (its memory is not ours), unless it is already there. */
export async function ensureProvince(sql: mysql.Connection): Promise<number | null> {
  const count = async (table: string) => {
    try {
      const [rows] = await sql.query(`SELECT COUNT(*) n FROM ${table}`);
      return Number((rows as Array<{ n: number }>)[0]!.n);
    } catch {
      return 0;
    }
  };
  const seeded =
    (await count(`${PREFIX}staffing.person`)) === SCALES.province.people &&
    (await count(`${PREFIX}finance.payroll_line`)) > 0;
  if (seeded && !process.env['BENCH_RESEED']) return null;
  const started = performance.now();
  await run(
    process.execPath,
    [join(projectRoot, 'scripts', 'run.js'), 'subgraphs/seed/cli', '--scale', 'province', '--quiet'],
    {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: storage.databaseUrl!, DATABASE_PREFIX: PREFIX, DATA_DIR: storage.dataDir },
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  return (performance.now() - started) / 1000;
}

/** The figures of the gateway's answer, in the shape the SQL baseline gives them. */
interface ReconciliationAnswer {
  headcountReconciliation: {
    onRoll: number;
    paid: number;
    matched: number;
    matchRate: number;
    summary: Array<{ kind: string; people: number; amount: number }>;
    bodies: { totalCount: number };
  };
}

function figuresOf(answer: { data?: unknown }): ReconciliationFigures {
  const r = (answer.data as ReconciliationAnswer).headcountReconciliation;
  return {
    onRoll: r.onRoll,
    paid: r.paid,
    matched: r.matched,
    matchRate: r.matchRate,
    summary: Object.fromEntries(
      r.summary
        .filter((s) => s.people > 0)
        .map((s) => [s.kind, { people: s.people, amount: Number(s.amount).toFixed(2) }]),
    ),
    bodies: r.bodies.totalCount,
  };
}

function expectSame(gateway: ReconciliationFigures, sql: ReconciliationFigures): void {
  const comparable = (f: ReconciliationFigures) =>
    JSON.stringify({
      ...f,
      matchRate: f.matchRate.toFixed(9),
      summary: Object.entries(f.summary).sort(([a], [b]) => a.localeCompare(b)),
    });
  if (comparable(gateway) !== comparable(sql)) {
    throw new Error(
      `the gateway and the SQL baseline disagree: a benchmark of wrong answers measures nothing\n gateway ${comparable(gateway)}\n sql     ${comparable(sql)}`,
    );
  }
}

export async function runSupervisionScale(): Promise<SupervisionScaleReport> {
  const sql = await mysql.createConnection({ uri: storage.databaseUrl!, multipleStatements: false });
  const servers: Array<Pick<RunningServer, 'close'>> = [];
  let subgraphs: Record<SubgraphName, StartedSubgraph> | undefined;
  try {
    const seedSeconds = await ensureProvince(sql);
    subgraphs = Object.fromEntries(
      await Promise.all(
        SUBGRAPH_NAMES.map(
          async (name) => [name, await runSubgraph(SUBGRAPH_DEFINITIONS[name], { storage, port: 0 })] as const,
        ),
      ),
    ) as Record<SubgraphName, StartedSubgraph>;
    const systems = subgraphs;
    // No result cache: every round computes the reconciliation from the systems again.
    const supervision = await runSupervision({
      sources: Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, systems[n].url])) as Record<SubgraphName, string>,
      signingSecret: DEV_SIGNING_SECRET,
      port: 0,
      resultTtlMs: 0,
    });
    servers.push(supervision);
    // The cases system starts empty: no batch of an earlier run is checked against.
    await sql.query(`DROP DATABASE IF EXISTS \`${databaseName(PREFIX, 'cases')}\``);
    const cases = await runCases({
      storage,
      sources: Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, systems[n].url])) as Record<SubgraphName, string>,
      signingSecret: DEV_SIGNING_SECRET,
      port: 0,
    });
    servers.push(cases);
    const governed = await startGovernedGateway(storage, [
      ...SUBGRAPH_NAMES.map((name) => ({ name, url: systems[name].url, federated: SUBGRAPHS[name].federated })),
      { name: 'supervision', url: supervision.url, federated: SUPERVISION.federated },
      { name: 'cases', url: cases.url, federated: CASES.federated },
    ]);
    servers.push(governed);
    const { gateway, realm } = governed;
    const token = await realm.mint({
      user: 'bench.supervisor',
      roles: ['supervisor'],
      region: '320000',
      ttlSeconds: 3600,
    });

    const window = daysOfMonthsEndingWith(RANGE.toMonth, AT_POST_WINDOW_MONTHS);
    const sqlRange = { ...RANGE, presenceFrom: window.from, presenceTo: window.to };
    const report: SupervisionScaleReport = {
      people: SCALES.province.people,
      payrollLines: 0,
      seedSeconds,
      gateway: [],
      copyAndJoin: [],
      joinAlone: [],
      prePayment: null,
    };
    const [lineCount] = (
      await sql.query(`SELECT COUNT(*) n FROM ${PREFIX}finance.payroll_line WHERE month BETWEEN ? AND ?`, [
        RANGE.fromMonth,
        RANGE.toMonth,
      ])
    )[0] as Array<{ n: number }>;
    report.payrollLines = Number(lineCount!.n);

    for (let round = 0; round < ROUNDS; round++) {
      // Through the gateway, as a supervisor would ask it.
      for (const s of [...Object.values(systems), supervision]) s.requests.count = 0;
      for (const s of Object.values(systems)) s.database.statements.reset();
      global.gc?.();
      peakMemory.reset();
      const startMiB = peakMemory.mib();
      let started = performance.now();
      const response = await fetch(gateway.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
          'x-govgraph-purpose': PURPOSE,
        },
        body: JSON.stringify({ query: QUERY, variables: RANGE }),
      });
      const answer = (await response.json()) as { data?: unknown; errors?: unknown[] };
      const gatewayMs = performance.now() - started;
      const gatewayPeak = peakMemory.mib();
      if (!response.ok || answer.errors?.length || !answer.data)
        throw new Error(`the gateway answered ${response.status} ${JSON.stringify(answer).slice(0, 500)}`);
      const figures = figuresOf(answer);
      report.gateway.push({
        ms: gatewayMs,
        startMiB,
        peakMiB: gatewayPeak,
        subgraphCalls: {
          supervision: supervision.requests.count,
          ...Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, systems[n].requests.count])),
        },
        sqlStatements: Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, systems[n].database.statements.count])),
        figures,
      });

      // (a) copy, then join; (b) the join once more, on the copy already made. Their memory is MariaDB's.
      started = performance.now();
      const copy = await copyNeededTables(sql, PREFIX, CENTRAL);
      const join = await reconcileInSql(sql, CENTRAL, sqlRange);
      report.copyAndJoin.push({
        ms: performance.now() - started,
        copyMs: copy.ms,
        joinMs: join.ms,
        statements: copy.statements + join.statements,
      });
      const again = await reconcileInSql(sql, CENTRAL, sqlRange);
      report.joinAlone.push({ ms: again.ms, statements: again.statements });
      expectSame(figures, join.figures);
    }
    const financeToken = await realm.mint({
      user: 'bench.finance',
      roles: ['finance-officer'],
      region: '320000',
      ttlSeconds: 3600,
    });
    report.prePayment = await measurePrePayment(sql, PREFIX, gateway.url, financeToken);
    return report;
  } finally {
    for (const server of servers.reverse()) await server.close();
    if (subgraphs) await Promise.all(Object.values(subgraphs).map((s) => s.close()));
    await sql.query(`DROP DATABASE IF EXISTS \`${CENTRAL}\``).catch(() => undefined);
    await sql.end();
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
const seconds = (ms: number) => (ms / 1000).toFixed(2);

export function supervisionScaleMarkdown(report: SupervisionScaleReport, started: string): string {
  const gateway = median(report.gateway.map((r) => r.ms));
  const copyAndJoin = median(report.copyAndJoin.map((r) => r.ms));
  const joinAlone = median(report.joinAlone.map((r) => r.ms));
  const last = report.gateway.at(-1)!;
  const calls = Object.entries(last.subgraphCalls)
    .filter(([, n]) => n > 0)
    .map(([name, n]) => `${name} ${n}`)
    .join(', ');
  const statements = Object.entries(last.sqlStatements)
    .filter(([, n]) => n > 0)
    .map(([name, n]) => `${name} ${n}`)
    .join(', ');
  const lines = [
    `## Whole-province headcount reconciliation (${report.people.toLocaleString('en')} people, ${report.payrollLines.toLocaleString('en')} pay lines in three months, MariaDB), ${started}`,
    '',
    report.seedSeconds === null
      ? 'Province dataset already seeded.'
      : `Province dataset seeded in ${report.seedSeconds.toFixed(0)} s (not part of any figure).`,
    '',
    '| path | round | wall s | peak RSS MiB (at start) | subgraph calls | SQL statements |',
    '| --- | --- | --- | --- | --- | --- |',
    ...report.gateway.map(
      (r, i) =>
        `| govgraph gateway (token, decide, mask, access log) | ${i + 1} | ${seconds(r.ms)} | ${r.peakMiB.toFixed(0)} (${r.startMiB.toFixed(0)}) | ${sum(r.subgraphCalls)} | ${sum(r.sqlStatements)} |`,
    ),
    ...report.copyAndJoin.map(
      (r, i) =>
        `| (a) copy ${seconds(r.copyMs)} s + join ${seconds(r.joinMs)} s | ${i + 1} | ${seconds(r.ms)} | in MariaDB | — | ${r.statements} |`,
    ),
    ...report.joinAlone.map(
      (r, i) => `| (b) SQL join alone, copied data | ${i + 1} | ${seconds(r.ms)} | in MariaDB | — | ${r.statements} |`,
    ),
    '',
    `Subgraph calls per request: ${calls}; SQL statements: ${statements}. The gateway's answer equals the SQL baseline's (totals, match rate, people and amounts per kind) in every round.`,
    '',
    `- gateway ÷ (a) copy and join: **${(gateway / copyAndJoin).toFixed(2)}** (target < 1)`,
    `- gateway ÷ (b) join alone: **${(gateway / joinAlone).toFixed(2)}** (target ≤ 10)`,
    `- gateway wall time **${seconds(gateway)} s** (target < 10 s), peak RSS **${Math.max(...report.gateway.map((r) => r.peakMiB)).toFixed(0)} MiB** for the whole system in one process (target < 1024)`,
    ...(report.prePayment ? ['', prePaymentMarkdown(report.prePayment)] : []),
  ];
  return lines.join('\n');
}
