/**
 * The throughput cost of access control and the access log. The same five subgraphs (MariaDB, test
 * scale) and the same composition behind three govgraph gateways that differ only in access:
 * - governed: as deployed (token verification, decide-before-fetch, masks, purpose, the hash-chained
 *   MariaDB access log written before each answer leaves);
 * - no log: the same decisions and masks, records discarded (what the log itself costs);
 * - open: every field PUBLIC, so nothing is withheld, masked or recorded (the "without").
 * Same planner, same signed subgraph calls, same token. Load comes from autocannon in its own process;
 * the order of the three rotates each round.
 */
import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEV_PERSON_KEY_SECRET, type StorageConfig } from '../common/config';
import { SUBGRAPH_NAMES, SUBGRAPHS } from '../common/subgraph-catalog';
import { runSubgraph } from '../subgraphs/common/run-subgraph';
import { SUBGRAPH_DEFINITIONS } from '../subgraphs/definitions';
import { seedDatabases } from '../subgraphs/seed/seed-databases';
import { everythingPublicPolicy } from './bench-policy';
import { startGovernedGateway, type GovernedGateway, type GovernedGatewayOptions } from './governed-gateway';
import { check, load as loadWith, median, type Measure } from './load';
import { localDatabasePid, withCpu } from './cpu-time';
import { measureLogAlone, type LogAloneMeasure } from './access-log-alone';

/** One run's throughput and latency, with the CPU milliseconds each request cost here and in the database. */
export interface AccessMeasure extends Measure {
  cpuMsPerRequest: { self: number; database: number | null };
}

const DATABASE_PID = localDatabasePid();

async function load(url: string, headers: Record<string, string>, query: string): Promise<AccessMeasure> {
  const { result, cpu } = await withCpu(DATABASE_PID, () => loadWith(url, headers, query, CONNECTIONS, SECONDS));
  const requests = result.requestsPerSecond * SECONDS;
  const perRequest = (seconds: number) => (seconds * 1000) / requests;
  return { ...result, cpuMsPerRequest: { self: perRequest(cpu.self), database: cpu.database === null ? null : perRequest(cpu.database) } };
}

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 5);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const CONNECTIONS = 32;
const PURPOSE = 'JC-2026-0001; access cost benchmark';

const QUERIES = {
  /** SENSITIVE and RESTRICTED fields in clear: every request writes an access-log record naming 20 people. */
  'sensitive read (logged)': '{ people(first: 20) { nodes { personKey name idNumber birthDate org { name } } } }',
  /** A cross-department person join (staffing → finance, purpose required), logged. */
  'person join (logged)': '{ people(first: 20) { nodes { personKey name payrollLines(fromMonth: "2026-01", toMonth: "2026-03") { gross } } } }',
  /** PUBLIC and INTERNAL fields only: decided, not logged. */
  'internal read': '{ orgs(first: 20) { nodes { uscc name level regionCode } } }',
};

const VARIANTS = {
  governed: {},
  'no log': { log: 'discard' },
  open: { policy: everythingPublicPolicy, log: 'discard' },
} satisfies Record<string, GovernedGatewayOptions>;
type Variant = keyof typeof VARIANTS;

export interface AccessCostReport {
  rounds: Array<Record<string, Record<Variant, AccessMeasure>>>;
  /** Per query, medians of the rounds' ratios: governed ÷ open (access control and log), no log ÷ open, governed ÷ no log. */
  ratios: Record<string, { governedToOpen: number; noLogToOpen: number; governedToNoLog: number }>;
  /** The access log alone, with 1 and with CONNECTIONS concurrent writers. */
  logAlone: LogAloneMeasure[];
}

export async function runAccessCost(): Promise<AccessCostReport> {
  const storage: StorageConfig = {
    databaseUrl: process.env['DATABASE_URL'] || 'mysql://root@127.0.0.1:3306',
    databasePrefix: 'govgraph_bench_',
    dataDir: mkdtempSync(join(tmpdir(), 'govgraph-bench-')),
    personKeySecret: DEV_PERSON_KEY_SECRET,
  };
  await seedDatabases(storage, { scale: 'test', seed: 7 });
  const subgraphs = await Promise.all(SUBGRAPH_NAMES.map((name) => runSubgraph(SUBGRAPH_DEFINITIONS[name], { storage, port: 0 })));
  const sources = SUBGRAPH_NAMES.map((name, i) => ({ name, url: subgraphs[i]!.url, federated: SUBGRAPHS[name].federated }));
  const gateways: GovernedGateway[] = [];
  try {
    const targets = {} as Record<Variant, { url: string; headers: Record<string, string> }>;
    for (const [variant, options] of Object.entries(VARIANTS) as Array<[Variant, GovernedGatewayOptions]>) {
      const started = await startGovernedGateway(storage, sources, options);
      gateways.push(started);
      const token = await started.realm.mint({ user: 'bench.supervisor', roles: ['supervisor'], region: '320000', ttlSeconds: 3600 });
      targets[variant] = { url: started.gateway.url, headers: { authorization: `Bearer ${token}`, 'x-govgraph-purpose': PURPOSE } };
    }
    // Every gateway must answer every query in full, and the same (the supervisor reads in clear).
    for (const query of Object.values(QUERIES)) {
      const answers = await Promise.all(Object.values(targets).map((t) => check(t.url, t.headers, query)));
      if (answers.some((a) => JSON.stringify(a) !== JSON.stringify(answers[0]))) throw new Error(`the gateways answer ${query} differently`);
    }

    const order = Object.keys(VARIANTS) as Variant[];
    const rounds: AccessCostReport['rounds'] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const measured: AccessCostReport['rounds'][number] = {};
      for (const [name, query] of Object.entries(QUERIES)) {
        // rotate which goes first, so warm-up and drift fall on each
        const runs = {} as Record<Variant, AccessMeasure>;
        for (let i = 0; i < order.length; i++) {
          const variant = order[(i + round) % order.length]!;
          runs[variant] = await load(targets[variant].url, targets[variant].headers, query);
        }
        measured[name] = runs;
      }
      rounds.push(measured);
    }
    const ratio = (name: string, a: Variant, b: Variant) => median(rounds.map((r) => r[name]![a].requestsPerSecond / r[name]![b].requestsPerSecond));
    const ratios = Object.fromEntries(Object.keys(QUERIES).map((name) => [name, {
      governedToOpen: ratio(name, 'governed', 'open'),
      noLogToOpen: ratio(name, 'no log', 'open'),
      governedToNoLog: ratio(name, 'governed', 'no log'),
    }]));
    const logAlone = [await measureLogAlone(storage, 1), await measureLogAlone(storage, CONNECTIONS)];
    return { rounds, ratios, logAlone };
  } finally {
    for (const gateway of gateways) await gateway.close();
    await Promise.all(subgraphs.map((s) => s.close()));
  }
}

const cpu = (m: Record<Variant, AccessMeasure>, where: 'self' | 'database') =>
  (['governed', 'no log', 'open'] as const).map((v) => m[v].cpuMsPerRequest[where]?.toFixed(2) ?? 'n/a').join(' / ');

export function accessCostMarkdown(report: AccessCostReport, started: string): string {
  const lines = [
    `## Cost of access control and the access log (${CONNECTIONS} connections, ${SECONDS} s per run, ${ROUNDS} rounds), ${started}`,
    '',
    '| query | round | governed req/s | no log req/s | open req/s | governed ÷ open | no log ÷ open | governed p50 / p99 ms | open p50 / p99 ms | CPU ms per request, this process: governed / no log / open | database server: governed / no log / open |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  report.rounds.forEach((round, i) => {
    for (const [name, m] of Object.entries(round)) {
      const rps = (v: Variant) => m[v].requestsPerSecond;
      lines.push(`| ${name} | ${i + 1} | ${rps('governed').toFixed(0)} | ${rps('no log').toFixed(0)} | ${rps('open').toFixed(0)} | ${(rps('governed') / rps('open')).toFixed(2)} | ${(rps('no log') / rps('open')).toFixed(2)} | ${m.governed.p50} / ${m.governed.p99} | ${m.open.p50} / ${m.open.p99} | ${cpu(m, 'self')} | ${cpu(m, 'database')} |`);
    }
  });
  const failed = report.rounds.flatMap((r) => Object.values(r).flatMap((m) => Object.values(m))).filter((m) => m.errors || m.non2xx);
  if (failed.length) lines.push('', `**${failed.length} runs had errors or non-2xx answers: these figures are not valid.**`);
  lines.push('', '| the access log alone (MariaDB) | appends/s | p50 ms | p99 ms |', '| --- | --- | --- | --- |',
    ...report.logAlone.map((m) => `| ${m.writers} writer${m.writers > 1 ? 's' : ''} | ${m.appendsPerSecond} | ${m.p50} | ${m.p99} |`));
  lines.push('', ...Object.entries(report.ratios).map(([name, r]) =>
    `- ${name}: governed **${(r.governedToOpen * 100).toFixed(0)}%** of open; decisions and masks alone ${(r.noLogToOpen * 100).toFixed(0)}%; the log ${(r.governedToNoLog * 100).toFixed(0)}% of no log (medians of rounds)`));
  return lines.join('\n');
}
