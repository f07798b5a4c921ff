/**
 * The throughput cost of access control and the access log. The peer benchmark's two in-memory
 * subgraphs and supergraph behind three govgraph gateways that differ only in access, each in a
 * process of its own, started one at a time in rotating order each round:
 * - governed: as deployed (token verification, decide-before-fetch, masks, the hash-chained MariaDB
 *   access log written before each answer leaves);
 * - no log: the same decisions and masks, every record built and chained, then discarded;
 * - open: every field PUBLIC, so nothing is withheld, masked or recorded (the "without").
 * Same planner, same token, same queries. Load from autocannon in its own process; CPU per request of
 * the gateway process and of the local database server from /proc. Then the access log alone.
 */
import { DEV_PERSON_KEY_SECRET, type StorageConfig } from '../common/config';
import { measureLogAlone, type LogAloneMeasure } from './access-log-alone';
import { localDatabasePid, withCpu } from './cpu-time';
import { check, load, median, type Measure } from './load';
import { startGateway, stop } from './peers/gateway-process';
import { PEER_QUERIES } from './peers/peer-bench';
import { comparable, startPeerSetup } from './peers/peer-setup';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const CONNECTIONS = 32;

const VARIANTS = { governed: 'govgraph', 'no log': 'govgraph-no-log', open: 'govgraph-open' } as const;
type Variant = keyof typeof VARIANTS;
type QueryName = keyof typeof PEER_QUERIES;

/** One run's throughput and latency, with the CPU milliseconds each request cost in the gateway and in the database. */
export interface AccessMeasure extends Measure {
  cpuMsPerRequest: { gateway: number | null; database: number | null };
}

export interface AccessCostReport {
  rounds: Array<Record<QueryName, Partial<Record<Variant, AccessMeasure>>>>;
  /** Per query, medians of the rounds' ratios: governed ÷ open (access control and log), no log ÷ open, governed ÷ no log. */
  ratios: Record<QueryName, { governedToOpen: number; noLogToOpen: number; governedToNoLog: number }>;
  /** The access log alone, with 1 and with CONNECTIONS concurrent writers. */
  logAlone: LogAloneMeasure[];
}

export async function runAccessCost(): Promise<AccessCostReport> {
  const setup = await startPeerSetup('access-cost');
  const { subgraphs, dir, realm, supergraphFile, headers } = setup;
  const databasePid = localDatabasePid();
  try {
    // The ID number is masked for the governed caller and in clear for open: compared without it.
    const reference = new Map<QueryName, string>();

    const rounds: AccessCostReport['rounds'] = [];
    const variants = Object.keys(VARIANTS) as Variant[];
    for (let round = 0; round < ROUNDS; round++) {
      const measured = Object.fromEntries(
        Object.keys(PEER_QUERIES).map((q) => [q, {}]),
      ) as AccessCostReport['rounds'][number];
      for (const variant of variants.map((_, i) => variants[(i + round) % variants.length]!)) {
        const { child, url } = await startGateway(VARIANTS[variant], supergraphFile, {
          KEYCLOAK_URL: realm.url,
          NODE_ENV: 'production',
        });
        try {
          for (const name of Object.keys(PEER_QUERIES) as QueryName[]) {
            const { query } = PEER_QUERIES[name];
            const seen = comparable(await check(url, headers, query));
            if (!reference.has(name)) reference.set(name, seen);
            if (reference.get(name) !== seen)
              throw new Error(`${variant} answered ${name} differently: ${seen.slice(0, 300)}`);
            await subgraphs.settled();
            const { result, cpu } = await withCpu({ gateway: child.pid, database: databasePid }, () =>
              load(url, headers, query, CONNECTIONS, SECONDS),
            );
            if (result.errors || result.non2xx)
              throw new Error(
                `${variant} had ${result.errors} errors and ${result.non2xx} non-2xx answers under load on ${name}`,
              );
            const perRequest = (seconds: number | null) =>
              seconds === null ? null : (seconds * 1000) / (result.requestsPerSecond * SECONDS);
            measured[name][variant] = {
              ...result,
              cpuMsPerRequest: { gateway: perRequest(cpu.gateway), database: perRequest(cpu.database) },
            };
          }
        } finally {
          await stop(child);
        }
      }
      rounds.push(measured);
    }
    const ratio = (name: QueryName, a: Variant, b: Variant) =>
      median(rounds.map((r) => r[name][a]!.requestsPerSecond / r[name][b]!.requestsPerSecond));
    const ratios = Object.fromEntries(
      (Object.keys(PEER_QUERIES) as QueryName[]).map((name) => [
        name,
        {
          governedToOpen: ratio(name, 'governed', 'open'),
          noLogToOpen: ratio(name, 'no log', 'open'),
          governedToNoLog: ratio(name, 'governed', 'no log'),
        },
      ]),
    ) as AccessCostReport['ratios'];
    const storage: StorageConfig = {
      databaseUrl: process.env['DATABASE_URL'] || 'mysql://root@127.0.0.1:3306',
      databasePrefix: 'govgraph_bench_alone_',
      dataDir: dir,
      personKeySecret: DEV_PERSON_KEY_SECRET,
    };
    const logAlone = [await measureLogAlone(storage, 1), await measureLogAlone(storage, CONNECTIONS)];
    return { rounds, ratios, logAlone };
  } finally {
    await setup.close();
  }
}

const cpuCell = (runs: Partial<Record<Variant, AccessMeasure>>, where: 'gateway' | 'database') =>
  (Object.keys(VARIANTS) as Variant[]).map((v) => runs[v]?.cpuMsPerRequest[where]?.toFixed(2) ?? 'n/a').join(' / ');

export function accessCostMarkdown(report: AccessCostReport, started: string): string {
  const lines = [
    `## Cost of access control and the access log (${CONNECTIONS} connections, ${SECONDS} s per run, ${report.rounds.length} rounds), ${started}`,
    '',
    '| query | round | governed req/s | no log req/s | open req/s | governed ÷ open | no log ÷ open | p50 / p99 ms: governed, open | CPU ms per request, gateway: governed / no log / open | database server |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  report.rounds.forEach((round, i) => {
    for (const name of Object.keys(PEER_QUERIES) as QueryName[]) {
      const m = round[name];
      const rps = (v: Variant) => m[v]!.requestsPerSecond;
      lines.push(
        `| ${PEER_QUERIES[name].label} | ${i + 1} | ${rps('governed').toFixed(0)} | ${rps('no log').toFixed(0)} | ${rps('open').toFixed(0)} | ${(rps('governed') / rps('open')).toFixed(2)} | ${(rps('no log') / rps('open')).toFixed(2)} | ${m.governed!.p50} / ${m.governed!.p99}, ${m.open!.p50} / ${m.open!.p99} | ${cpuCell(m, 'gateway')} | ${cpuCell(m, 'database')} |`,
      );
    }
  });
  lines.push(
    '',
    '| the access log alone (MariaDB) | appends/s | p50 ms | p99 ms |',
    '| --- | --- | --- | --- |',
    ...report.logAlone.map(
      (m) => `| ${m.writers} writer${m.writers > 1 ? 's' : ''} | ${m.appendsPerSecond} | ${m.p50} | ${m.p99} |`,
    ),
  );
  lines.push(
    '',
    ...(Object.keys(PEER_QUERIES) as QueryName[]).map((name) => {
      const r = report.ratios[name];
      return `- ${PEER_QUERIES[name].label}: governed **${(r.governedToOpen * 100).toFixed(0)}%** of open; decisions and masks alone ${(r.noLogToOpen * 100).toFixed(0)}%; with the log ${(r.governedToNoLog * 100).toFixed(0)}% of no log (medians of rounds)`;
    }),
  );
  return lines.join('\n');
}
