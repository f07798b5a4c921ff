/**
 * govgraph against Apollo Gateway, Hive Gateway and Grafbase Gateway (benchmarks.md): the same two
 * in-memory subgraphs, each gateway in a process of its own, started one at a time, in rotating order,
 * each round; plus the people subgraph queried directly as the ceiling. govgraph runs as deployed
 * (tokens verified, decide-before-fetch, masking, the MariaDB access log; rate limits lifted, response
 * cache off). Load from autocannon in its own process, with identical requests and, for the one-subgraph
 * and join queries, with per-request variables (no gateway can merge those). Every server's answer is
 * checked first, the subgraph requests each operation makes are counted, and the gateway process's CPU
 * time is read from /proc around each run: CPU per request is what a gateway costs, whatever the load.
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';

import { withCpu } from '../cpu-time';
import { check, load, median, type Measure } from '../load';
import { barChartSvg, svgToPng } from './bar-chart';
import { memoryOf, startGateway, startGrafbase, stop } from './gateway-process';
import { comparable, startPeerSetup } from './peer-setup';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const CONNECTIONS = 32;
const ALL_GATEWAYS = ['govgraph', 'apollo', 'hive', 'grafbase'] as const;
type Gateway = (typeof ALL_GATEWAYS)[number];
/** BENCH_GATEWAYS=govgraph,grafbase measures only those (while working on one; a report wants all). */
const GATEWAYS = ALL_GATEWAYS.filter((g) => (process.env['BENCH_GATEWAYS']?.split(',') ?? [g]).includes(g));
type Server = Gateway | 'direct';
const SERVERS = [...GATEWAYS, 'direct'] as const;

/** Each query takes `$seed`, which the subgraph ignores: sent the same (identical requests) or per request. */
export const PEER_QUERIES = {
  single: { label: 'one subgraph, 50 people', query: 'query ($seed: String) { people(seed: $seed) { id name } }' },
  join: {
    label: '50-entity join, 3 payments each',
    query: 'query ($seed: String) { people(seed: $seed) { id name salary payments(last: 3) { month amount } } }',
  },
  deep: {
    label: 'three levels, lists (50 × team of 3)',
    query: 'query ($seed: String) { people(seed: $seed) { name team { name salary payments(last: 3) { amount } } } }',
  },
  masked: {
    label: 'masked field (ID number)',
    query: 'query ($seed: String) { people(seed: $seed) { id name idNumber } }',
  },
} as const;
type QueryName = keyof typeof PEER_QUERIES;

/** What is measured: every query with identical requests, and two with per-request variables. */
const CASES = {
  single: { query: 'single', perRequest: false },
  join: { query: 'join', perRequest: false },
  deep: { query: 'deep', perRequest: false },
  masked: { query: 'masked', perRequest: false },
  'single-vars': { query: 'single', perRequest: true },
  'join-vars': { query: 'join', perRequest: true },
} as const satisfies Record<string, { query: QueryName; perRequest: boolean }>;
type CaseName = keyof typeof CASES;
const CASE_NAMES = Object.keys(CASES) as CaseName[];
const caseLabel = (name: CaseName) =>
  `${PEER_QUERIES[CASES[name].query].label}${CASES[name].perRequest ? ', per-request variables' : ''}`;

export interface ServerRun extends Measure {
  /** Subgraph HTTP requests the operation made. */
  subgraphCalls: number;
  /** The server process's CPU time per request answered, ms (null where /proc cannot tell). */
  cpuMsPerRequest: number | null;
  /** The gateway process's resident memory after the run, and its peak, MiB. */
  rssMiB?: number;
  peakRssMiB?: number;
}

export interface PeerReport {
  machine: string;
  /** Grafbase Gateway's version, or null where its binary is not installed. */
  grafbase: string | null;
  rounds: Array<Record<CaseName, Partial<Record<Server, ServerRun>>>>;
  /** Medians over rounds (of two rounds, their mean). */
  ratios: {
    singleOfDirect: number;
    joinOfBestPeer: number | null;
    byCase: Record<CaseName, { ofApollo: number | null; ofHive: number | null; ofGrafbase: number | null }>;
    /** govgraph's CPU per request ÷ Grafbase Gateway's (target ≤ 2 on single and join, both variants). */
    cpuOfGrafbase: Record<CaseName, number | null>;
    /** CPU ms per request, by case and server. */
    cpuMsPerRequest: Record<CaseName, Partial<Record<Server, number | null>>>;
  };
}

const grafbaseVersion = (): string =>
  (
    JSON.parse(readFileSync(require.resolve('@grafbase/cli-x86_64-unknown-linux-musl/package.json'), 'utf8')) as {
      version: string;
    }
  ).version;

export async function runPeerBench(): Promise<PeerReport> {
  const setup = await startPeerSetup('peers');
  const { subgraphs, realm, supergraphFile, headers, dir } = setup;
  try {
    const reference = new Map<QueryName, string>();

    const measure = async (server: Server, url: string, name: CaseName, pid?: number): Promise<ServerRun> => {
      const { query: queryName, perRequest } = CASES[name];
      const { query } = PEER_QUERIES[queryName];
      await subgraphs.settled();
      subgraphs.reset();
      const data = await check(url, headers, query);
      const subgraphCalls = subgraphs.counts().people + subgraphs.counts().payroll;
      const seen = comparable(data);
      if (!reference.has(queryName)) reference.set(queryName, seen);
      if (reference.get(queryName) !== seen)
        throw new Error(`${server} answered ${queryName} differently: ${seen.slice(0, 300)}`);
      const { result: run, cpu } = await withCpu({ server: pid }, () =>
        load(url, headers, query, CONNECTIONS, SECONDS, perRequest),
      );
      if (run.errors || run.non2xx)
        throw new Error(`${server} had ${run.errors} errors and ${run.non2xx} non-2xx answers under load on ${name}`);
      const cpuMsPerRequest = cpu.server === null || !run.requests ? null : (cpu.server * 1000) / run.requests;
      return { ...run, subgraphCalls, cpuMsPerRequest, ...(pid ? memoryOf(pid) : {}) };
    };

    const start = async (kind: Gateway) => {
      if (kind === 'grafbase') return startGrafbase(subgraphs.urls, dir);
      // NODE_ENV=production as deployed (Apollo Server answers compact JSON then, for every peer alike).
      return startGateway(kind, supergraphFile, { KEYCLOAK_URL: realm.url, NODE_ENV: 'production' });
    };

    const rounds: PeerReport['rounds'] = [];
    let grafbaseFound = true;
    for (let round = 0; round < ROUNDS; round++) {
      const measured = Object.fromEntries(CASE_NAMES.map((c) => [c, {}])) as PeerReport['rounds'][number];
      measured.single.direct = await measure('direct', subgraphs.urls.people, 'single');
      measured['single-vars'].direct = await measure('direct', subgraphs.urls.people, 'single-vars');
      const order = GATEWAYS.map((_, i) => GATEWAYS[(i + round) % GATEWAYS.length]!);
      for (const kind of order) {
        const started = await start(kind);
        if (!started) {
          grafbaseFound = false;
          continue;
        }
        const { child, url } = started;
        try {
          for (const name of CASE_NAMES) measured[name][kind] = await measure(kind, url, name, child.pid);
        } finally {
          await stop(child);
        }
      }
      rounds.push(measured);
    }
    const over = (f: (r: PeerReport['rounds'][number]) => number | null): number | null => {
      const values = rounds.map(f);
      return values.some((v) => v === null) ? null : median(values as number[]);
    };
    const rps = (name: CaseName, other: Server) =>
      over((r) => (r[name][other] ? r[name].govgraph!.requestsPerSecond / r[name][other]!.requestsPerSecond : null));
    const joinOfBestPeer = (r: PeerReport['rounds'][number]) =>
      r.join.apollo && r.join.hive
        ? r.join.govgraph!.requestsPerSecond / Math.max(r.join.apollo.requestsPerSecond, r.join.hive.requestsPerSecond)
        : null;
    const cpuOf = (name: CaseName, server: Server) => over((r) => r[name][server]?.cpuMsPerRequest ?? null);
    return {
      machine: `${process.platform} ${process.arch}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}`,
      grafbase: grafbaseFound ? grafbaseVersion() : null,
      rounds,
      ratios: {
        singleOfDirect: rps('single', 'direct')!,
        joinOfBestPeer: over((r) => joinOfBestPeer(r)),
        byCase: Object.fromEntries(
          CASE_NAMES.map((c) => [
            c,
            { ofApollo: rps(c, 'apollo'), ofHive: rps(c, 'hive'), ofGrafbase: rps(c, 'grafbase') },
          ]),
        ) as PeerReport['ratios']['byCase'],
        cpuOfGrafbase: Object.fromEntries(
          CASE_NAMES.map((c) => [
            c,
            over((r) => {
              const [own, theirs] = [r[c].govgraph?.cpuMsPerRequest, r[c].grafbase?.cpuMsPerRequest];
              return own && theirs ? own / theirs : null;
            }),
          ]),
        ) as PeerReport['ratios']['cpuOfGrafbase'],
        cpuMsPerRequest: Object.fromEntries(
          CASE_NAMES.map((c) => [c, Object.fromEntries(SERVERS.map((s) => [s, cpuOf(c, s)]))]),
        ) as PeerReport['ratios']['cpuMsPerRequest'],
      },
    };
  } finally {
    await setup.close();
  }
}

export async function peerBenchMarkdown(report: PeerReport, started: string, resultsDir: string): Promise<string> {
  const lines = [
    `## govgraph vs Apollo Gateway 2.14, Hive Gateway 2.12 and Grafbase Gateway (CLI ${report.grafbase ?? 'not installed'}) (autocannon, ${CONNECTIONS} connections, ${SECONDS} s per run, ${report.rounds.length} rounds), ${started}`,
    '',
    `Machine: ${report.machine}. govgraph with token verification, access control, masking and the MariaDB access log on.`,
    '',
    '| query | round | server | req/s | p50 / p99 ms | CPU ms / request | subgraph calls per op | RSS / peak MiB |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  report.rounds.forEach((round, i) => {
    for (const name of CASE_NAMES) {
      for (const [server, run] of Object.entries(round[name])) {
        lines.push(
          `| ${caseLabel(name)} | ${i + 1} | ${server} | ${run.requestsPerSecond.toFixed(0)} | ${run.p50} / ${run.p99} | ${run.cpuMsPerRequest?.toFixed(3) ?? '–'} | ${run.subgraphCalls} | ${run.rssMiB ? `${run.rssMiB.toFixed(0)} / ${run.peakRssMiB!.toFixed(0)}` : '–'} |`,
        );
      }
    }
  });
  const { ratios } = report;
  const perRound = (f: (r: PeerReport['rounds'][number]) => number, digits: number) =>
    report.rounds.map((r) => f(r).toFixed(digits)).join(', ');
  lines.push(
    '',
    `- one subgraph: govgraph is **${(ratios.singleOfDirect * 100).toFixed(0)}%** of the subgraph queried directly (target ≥ 60%; rounds: ${perRound((r) => r.single.govgraph!.requestsPerSecond / r.single.direct!.requestsPerSecond, 2)})`,
    `- 50-entity join: govgraph is **${ratios.joinOfBestPeer?.toFixed(2) ?? '–'}×** the better of Apollo Gateway and Hive Gateway (target ≥ 1.5×)`,
    ...CASE_NAMES.map(
      (c) =>
        `- ${caseLabel(c)}: req/s govgraph ÷ Apollo ${ratios.byCase[c].ofApollo?.toFixed(2) ?? '–'}, ÷ Hive ${ratios.byCase[c].ofHive?.toFixed(2) ?? '–'}, ÷ Grafbase ${ratios.byCase[c].ofGrafbase?.toFixed(2) ?? '–'}`,
    ),
    '',
    '| CPU ms per request (median) | ' + SERVERS.join(' | ') + ' | govgraph ÷ Grafbase (target ≤ 2) |',
    '| --- | ' + SERVERS.map(() => '---').join(' | ') + ' | --- |',
    ...CASE_NAMES.map(
      (c) =>
        `| ${caseLabel(c)} | ${SERVERS.map((s) => ratios.cpuMsPerRequest[c][s]?.toFixed(3) ?? '–').join(' | ')} | ${ratios.cpuOfGrafbase[c]?.toFixed(2) ?? '–'} |`,
    ),
  );
  const last = report.rounds.length - 1;
  const series = SERVERS;
  const svg = barChartSvg(
    `Requests per second (median of ${report.rounds.length} rounds)`,
    'req/s',
    series,
    CASE_NAMES.map((q) => ({
      label: caseLabel(q),
      values: series.map((s) =>
        report.rounds[last]![q][s] ? median(report.rounds.map((r) => r[q][s]!.requestsPerSecond)) : null,
      ),
    })),
  );
  const png = join(resultsDir, 'peers.png');
  lines.push(
    '',
    (await svgToPng(svg, png)) ? `Chart: bench/results/peers.png` : '(no PNG chart: Chromium is not installed)',
  );
  return lines.join('\n');
}
