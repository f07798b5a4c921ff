/**
 * govgraph against Apollo Gateway and Hive Gateway (benchmarks.md): the same two in-memory subgraphs
 * and the same supergraph, each gateway in a process of its own, started one at a time, in rotating
 * order, each round; plus the people subgraph queried directly as the ceiling. govgraph runs as
 * deployed (tokens verified, decide-before-fetch, masking, the MariaDB access log; rate limits lifted,
 * response cache off). Load from autocannon in its own process. Every server's answer is checked
 * first, and the subgraph requests each operation makes are counted.
 */
import { cpus } from 'node:os';
import { join } from 'node:path';

import { check, load, median, type Measure } from '../load';
import { barChartSvg, svgToPng } from './bar-chart';
import { memoryOf, startGateway, stop } from './gateway-process';
import { comparable, startPeerSetup } from './peer-setup';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const CONNECTIONS = 32;
const GATEWAYS = ['govgraph', 'apollo', 'hive'] as const;
type Server = (typeof GATEWAYS)[number] | 'direct';

export const PEER_QUERIES = {
  single: { label: 'one subgraph, 50 people', query: '{ people { id name } }' },
  join: {
    label: '50-entity join, 3 payments each',
    query: '{ people { id name salary payments(last: 3) { month amount } } }',
  },
  deep: {
    label: 'three levels, lists (50 × team of 3)',
    query: '{ people { name team { name salary payments(last: 3) { amount } } } }',
  },
  masked: { label: 'masked field (ID number)', query: '{ people { id name idNumber } }' },
} as const;
type QueryName = keyof typeof PEER_QUERIES;

export interface ServerRun extends Measure {
  /** Subgraph HTTP requests the operation made. */
  subgraphCalls: number;
  /** The gateway process's resident memory after the run, and its peak, MiB. */
  rssMiB?: number;
  peakRssMiB?: number;
}

export interface PeerReport {
  machine: string;
  rounds: Array<Record<QueryName, Partial<Record<Server, ServerRun>>>>;
  /** Medians over rounds (of two rounds, their mean). */
  ratios: {
    singleOfDirect: number;
    joinOfBestPeer: number;
    byQuery: Record<QueryName, { ofApollo: number; ofHive: number }>;
  };
}

export async function runPeerBench(): Promise<PeerReport> {
  const setup = await startPeerSetup('peers');
  const { subgraphs, realm, supergraphFile, headers } = setup;
  try {
    const reference = new Map<QueryName, string>();

    const measure = async (server: Server, url: string, name: QueryName, pid?: number): Promise<ServerRun> => {
      const { query } = PEER_QUERIES[name];
      await subgraphs.settled();
      subgraphs.reset();
      const data = await check(url, headers, query);
      const subgraphCalls = subgraphs.counts().people + subgraphs.counts().payroll;
      const seen = comparable(data);
      if (!reference.has(name)) reference.set(name, seen);
      if (reference.get(name) !== seen)
        throw new Error(`${server} answered ${name} differently: ${seen.slice(0, 300)}`);
      const run = await load(url, headers, query, CONNECTIONS, SECONDS);
      if (run.errors || run.non2xx)
        throw new Error(`${server} had ${run.errors} errors and ${run.non2xx} non-2xx answers under load on ${name}`);
      return { ...run, subgraphCalls, ...(pid ? memoryOf(pid) : {}) };
    };

    const rounds: PeerReport['rounds'] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const measured = Object.fromEntries(
        Object.keys(PEER_QUERIES).map((q) => [q, {}]),
      ) as PeerReport['rounds'][number];
      measured.single.direct = await measure('direct', subgraphs.urls.people, 'single');
      const order = GATEWAYS.map((_, i) => GATEWAYS[(i + round) % GATEWAYS.length]!);
      for (const kind of order) {
        // NODE_ENV=production as deployed (Apollo Server answers compact JSON then, for every peer alike).
        const { child, url } = await startGateway(kind, supergraphFile, {
          KEYCLOAK_URL: realm.url,
          NODE_ENV: 'production',
        });
        try {
          for (const name of Object.keys(PEER_QUERIES) as QueryName[])
            measured[name][kind] = await measure(kind, url, name, child.pid);
        } finally {
          await stop(child);
        }
      }
      rounds.push(measured);
    }
    const ratio = (name: QueryName, other: Server) =>
      median(rounds.map((r) => r[name].govgraph!.requestsPerSecond / r[name][other]!.requestsPerSecond));
    return {
      machine: `${process.platform} ${process.arch}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}`,
      rounds,
      ratios: {
        singleOfDirect: ratio('single', 'direct'),
        joinOfBestPeer: median(
          rounds.map(
            (r) =>
              r.join.govgraph!.requestsPerSecond /
              Math.max(r.join.apollo!.requestsPerSecond, r.join.hive!.requestsPerSecond),
          ),
        ),
        byQuery: Object.fromEntries(
          (Object.keys(PEER_QUERIES) as QueryName[]).map((q) => [
            q,
            { ofApollo: ratio(q, 'apollo'), ofHive: ratio(q, 'hive') },
          ]),
        ) as PeerReport['ratios']['byQuery'],
      },
    };
  } finally {
    await setup.close();
  }
}

export async function peerBenchMarkdown(report: PeerReport, started: string, resultsDir: string): Promise<string> {
  const lines = [
    `## govgraph vs Apollo Gateway 2.14 and Hive Gateway 2.12 (autocannon, ${CONNECTIONS} connections, ${SECONDS} s per run, ${report.rounds.length} rounds), ${started}`,
    '',
    `Machine: ${report.machine}. govgraph with token verification, access control, masking and the MariaDB access log on.`,
    '',
    '| query | round | server | req/s | p50 / p99 ms | subgraph calls per op | RSS / peak MiB |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  report.rounds.forEach((round, i) => {
    for (const name of Object.keys(PEER_QUERIES) as QueryName[]) {
      for (const [server, run] of Object.entries(round[name])) {
        lines.push(
          `| ${PEER_QUERIES[name].label} | ${i + 1} | ${server} | ${run.requestsPerSecond.toFixed(0)} | ${run.p50} / ${run.p99} | ${run.subgraphCalls} | ${run.rssMiB ? `${run.rssMiB.toFixed(0)} / ${run.peakRssMiB!.toFixed(0)}` : '–'} |`,
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
    `- 50-entity join: govgraph is **${ratios.joinOfBestPeer.toFixed(2)}×** the better of Apollo Gateway and Hive Gateway (target ≥ 1.5×; rounds: ${perRound((r) => r.join.govgraph!.requestsPerSecond / Math.max(r.join.apollo!.requestsPerSecond, r.join.hive!.requestsPerSecond), 2)})`,
    ...(Object.keys(PEER_QUERIES) as QueryName[]).map(
      (q) =>
        `- ${PEER_QUERIES[q].label}: govgraph ÷ Apollo ${ratios.byQuery[q].ofApollo.toFixed(2)}, ÷ Hive ${ratios.byQuery[q].ofHive.toFixed(2)}`,
    ),
  );
  const last = report.rounds.length - 1;
  const series = ['govgraph', 'apollo', 'hive', 'direct'] as const;
  const svg = barChartSvg(
    `Requests per second (median of ${report.rounds.length} rounds)`,
    'req/s',
    series,
    (Object.keys(PEER_QUERIES) as QueryName[]).map((q) => ({
      label: PEER_QUERIES[q].label,
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
