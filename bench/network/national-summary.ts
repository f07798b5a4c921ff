/**
 * `npm run bench -- national`: the national headcount summary over the simulated national network of
 * 31 provinces and 2,850 nodes of each of the five systems (small data per node: forty people with every
 * planted anomaly, made the node's own; each node its own in-memory database, endpoint and signing key;
 * 240 nodes per host process). The supervision subgraph runs as a process of its own, following the
 * node registry in Redis, and is asked the province-wide reconciliation of all 31 provinces with 1, 500,
 * 1,000 and 2,850 nodes registered: wall time and its peak RSS. Every node holds the same shape of data,
 * so the answer over N nodes must be N times the one-node answer, which is checked.
 */
import { nodeId } from '../../common/regional-nodes/regional-node';
import { SUBGRAPH_NAMES } from '../../common/subgraph-catalog';
import { RedisNodeStore } from '../../gateway/control/nodes/redis-node-store';
import { nodeUrl, startNationalHosts } from '../../stack/national/national-hosts';
import { NATIONAL_NODES, nationalRegions, provincesOf } from '../../stack/national/national-regions';
import type { SourceEndpoints } from '../../subgraphs/supervision/sources';
import { record } from './network-bench';
import { startSupervisionProcess } from './supervision-process';

const REDIS = process.env['REDIS_URL'] || 'redis://127.0.0.1:6379';
const STEPS = [1, 500, 1000, NATIONAL_NODES];
/** The supervision process's old-space limit. */
const HEAP_LIMIT_MIB = 640;
const RANGE = { fromMonth: '2026-04', toMonth: '2026-06' };
const QUERY = `query ($fromMonth: String!, $toMonth: String) { headcountReconciliation(fromMonth: $fromMonth, toMonth: $toMonth) {
  onRoll paid matched summary { kind people amount } coverage { complete nodesAsked nodesAnswered }
  mismatches(first: 1) { totalCount } bodies(first: 1) { totalCount } } }`;

interface Summary {
  onRoll: number;
  paid: number;
  matched: number;
  summary: Array<{ kind: string; people: number; amount: number }>;
  coverage: { complete: boolean; nodesAsked: number; nodesAnswered: number };
  mismatches: { totalCount: number };
  bodies: { totalCount: number };
}

export interface NationalStep {
  nodes: number;
  /** Node records in Redis (nodes × 5 systems). */
  endpointRecords: number;
  ms: number;
  supervisionPeakMiB: number;
  mismatches: number;
  bodies: number;
  equalToNTimesOne: boolean;
}

export interface NationalReport {
  provinces: number;
  hostProcesses: number;
  hostsStartSeconds: number;
  steps: NationalStep[];
}

/** N copies of the one-node figures, money summed in fen. */
function timesN(one: Summary, n: number) {
  return {
    onRoll: one.onRoll * n,
    paid: one.paid * n,
    matched: one.matched * n,
    summary: one.summary.map((s) => ({ kind: s.kind, people: s.people * n, amount: Math.round(s.amount * 100) * n })),
    mismatches: one.mismatches.totalCount * n,
    bodies: one.bodies.totalCount * n,
  };
}
const comparable = (s: Summary) => ({
  onRoll: s.onRoll,
  paid: s.paid,
  matched: s.matched,
  summary: s.summary.map((x) => ({ kind: x.kind, people: x.people, amount: Math.round(x.amount * 100) })),
  mismatches: s.mismatches.totalCount,
  bodies: s.bodies.totalCount,
});

export async function runNationalSummary(): Promise<NationalReport> {
  const regions = nationalRegions();
  const provinces = provincesOf(regions);
  const started = performance.now();
  const national = await startNationalHosts(regions);
  const hostsStartSeconds = (performance.now() - started) / 1000;
  const prefix = `govgraph-bench-national:${Date.now()}:`;
  const store = await RedisNodeStore.connect(REDIS, prefix);
  let supervision: Awaited<ReturnType<typeof startSupervisionProcess>> | undefined;
  try {
    // Every system has nodes from the first step on: its endpoint here is never called.
    // With a heap limit, as a deployment would run it: the collector keeps the heap to what is live.
    supervision = await startSupervisionProcess(national.hosts[0]!.systems as SourceEndpoints, { url: REDIS, prefix }, [
      `--max-old-space-size=${HEAP_LIMIT_MIB}`,
    ]);

    let asked = 0;
    // A new user each time: no cached result.
    const check = async (): Promise<Summary> =>
      (
        await supervision!.ask<{ headcountReconciliation: Summary }>(
          {
            user: `bench.national.${++asked}`,
            roles: ['supervisor'],
            clearance: 'RESTRICTED',
            regions: provinces,
            purpose: 'JC-2026-0003; national summary benchmark',
          },
          QUERY,
          RANGE,
        )
      ).headcountReconciliation;

    const steps: NationalStep[] = [];
    let one: Summary | undefined;
    let registered = 0;
    for (const n of STEPS) {
      for (; registered < n; registered++) {
        const region = regions[registered]!;
        for (const system of SUBGRAPH_NAMES) {
          const node = record(system, region, nodeUrl(national.hostOf(region).systems[system], region));
          await store.create(node, {
            at: node.registeredAt,
            actor: 'bench',
            action: 'register',
            node: nodeId(system, region),
          });
        }
      }
      // The supervision process applies each node from pub/sub within milliseconds: give it a moment
      // (polling with checks would leave their results in its cache and its memory).
      await new Promise((done) => setTimeout(done, 2_000));
      supervision.resetPeak();
      const t = performance.now();
      const answer = await check();
      const ms = performance.now() - t;
      const peak = supervision.peakMiB();
      if (!answer.coverage.complete || answer.coverage.nodesAsked !== 4 * n)
        throw new Error(`coverage at ${n} nodes: ${JSON.stringify(answer.coverage)}`);
      one ??= answer;
      steps.push({
        nodes: n,
        endpointRecords: n * SUBGRAPH_NAMES.length,
        ms: Math.round(ms),
        supervisionPeakMiB: Math.round(peak),
        mismatches: answer.mismatches.totalCount,
        bodies: answer.bodies.totalCount,
        equalToNTimesOne: JSON.stringify(comparable(answer)) === JSON.stringify(timesN(one, n)),
      });
    }
    return {
      provinces: provinces.length,
      hostProcesses: national.hosts.length,
      hostsStartSeconds: Math.round(hostsStartSeconds),
      steps,
    };
  } finally {
    await supervision?.close();
    await store.close();
    national.stop();
  }
}

export function nationalSummaryMarkdown(r: NationalReport, started: string): string {
  return [
    `## National headcount summary (${r.provinces} provinces, up to ${NATIONAL_NODES} nodes × 5 systems, ${r.hostProcesses} host processes), ${started}`,
    '',
    `The host processes started their ${NATIONAL_NODES * 5} node databases in ${r.hostsStartSeconds} s. The supervision process runs with --max-old-space-size=${HEAP_LIMIT_MIB}.`,
    '',
    '| nodes per system | endpoint records | wall time of the check | supervision peak RSS | mismatches | bodies | equal to N × the one-node answer |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...r.steps.map(
      (s) =>
        `| ${s.nodes} | ${s.endpointRecords} | ${(s.ms / 1000).toFixed(2)} s | ${s.supervisionPeakMiB} MiB | ${s.mismatches} | ${s.bodies} | ${s.equalToNTimesOne} |`,
    ),
  ].join('\n');
}
