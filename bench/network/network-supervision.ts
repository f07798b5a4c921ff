/**
 * `npm run bench -- network-supervision`: the whole-province headcount reconciliation over the
 * simulated Jiangsu network (109 regions × 5 systems, each node over its own database cut from the
 * province-scale dataset), access control and log on, asked by a province supervisor through the
 * gateway; against the one-node answer (the same check over each system's one endpoint holding the
 * whole province), compared person by person and body by body, to the cent. The supervision subgraph
 * runs as a process of its own (following the node registry in Redis), its peak RSS read from /proc;
 * the gateway shares its process with the 545 node servers, whose peak RSS bounds the gateway's.
 */
import mysql from 'mysql2/promise';

import { DEV_SIGNING_SECRET } from '../../common/gateway-signature';
import { RedisNodeStore } from '../../gateway/control/nodes/redis-node-store';
import { startNetwork } from '../../stack/network';
import { benchRealm, governedAccess } from '../governed-gateway';
import { peakMemory } from '../peak-memory';
import { ensureProvince, storage } from '../supervision/supervision-scale';
import { startSupervisionProcess, type SupervisionProcess } from './supervision-process';

const REDIS = process.env['REDIS_URL'] || 'redis://127.0.0.1:6379';
const RANGE = { fromMonth: '2026-04', toMonth: '2026-06' };
const PURPOSE = 'JC-2026-0002; network reconciliation benchmark';

const TOTALS = `query ($fromMonth: String!, $toMonth: String) { headcountReconciliation(fromMonth: $fromMonth, toMonth: $toMonth) {
  onRoll paid matched matchRate summary { kind people amount }
  coverage { complete nodesAsked nodesAnswered missingNodes }
  bodies(first: 1) { totalCount } mismatches(first: 1) { totalCount } } }`;
const MISMATCHES = `query ($fromMonth: String!, $toMonth: String, $after: String) { headcountReconciliation(fromMonth: $fromMonth, toMonth: $toMonth) {
  mismatches(first: 500, after: $after) { nodes { kind personKey org { uscc } payingOrgs { uscc } months amount status statusDate diedOn } pageInfo { hasNextPage endCursor } } } }`;
const BODIES = `query ($fromMonth: String!, $toMonth: String, $after: String) { headcountReconciliation(fromMonth: $fromMonth, toMonth: $toMonth) {
  bodies(first: 500, after: $after) { nodes { org { uscc } paid mismatches overEstablished byType { type quota onRoll paid over } leaders { chiefPosts chiefs deputyPosts deputies exceeded } } pageInfo { hasNextPage endCursor } } } }`;

export interface NetworkSupervisionReport {
  regions: number;
  nodes: number;
  cutSeconds: number;
  registerSeconds: number;
  /** Through the gateway over the nodes: wall time of the first answer (the whole check); peak RSS meanwhile of the supervision process, and of the gateway's (with the node servers). */
  networkMs: number;
  networkSupervisionPeakMiB: number;
  networkGatewayPeakMiB: number;
  /** The gateway's process just before the check (the node servers' own memory is most of it). */
  networkGatewayStartMiB: number;
  /** The same check at the systems' own endpoints (a supervision process called directly), in the same run. */
  oneNodeMs: number;
  oneNodeSupervisionPeakMiB: number;
  coverage: unknown;
  people: { onRoll: number; paid: number };
  mismatches: number;
  bodies: number;
  equal: boolean;
}

type Answer = { headcountReconciliation: Record<string, unknown> };
type Post = (query: string, variables: Record<string, unknown>) => Promise<Answer>;

/** Asks the gateway with these headers (a token and a purpose). */
function poster(url: string, headers: Record<string, string>): Post {
  return async (query, variables) => {
    const body = JSON.stringify({ query, variables });
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    const answer = (await response.json()) as { data?: Answer; errors?: Array<{ message: string }> };
    if (answer.errors?.length || !answer.data) throw new Error(`answered ${JSON.stringify(answer).slice(0, 400)}`);
    return answer.data;
  };
}

async function everyPage(post: Post, query: string, list: 'mismatches' | 'bodies'): Promise<unknown[]> {
  const out: unknown[] = [];
  let after: string | null = null;
  do {
    const answer = await post(query, { ...RANGE, after });
    const page = answer.headcountReconciliation[list] as {
      nodes: unknown[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
    out.push(...page.nodes);
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  return out;
}

/** The whole check timed (its first answer), then every mismatch and body read from the cached result. */
async function reconcile(post: Post, supervision: SupervisionProcess) {
  global.gc?.();
  peakMemory.reset();
  const gatewayStartMiB = peakMemory.mib();
  supervision.resetPeak();
  const started = performance.now();
  const totals = (await post(TOTALS, RANGE))['headcountReconciliation'];
  const ms = performance.now() - started;
  const gatewayPeakMiB = peakMemory.mib();
  const supervisionPeakMiB = supervision.peakMiB();
  const { coverage, ...figures } = totals;
  return {
    ms,
    gatewayStartMiB,
    gatewayPeakMiB,
    supervisionPeakMiB,
    coverage,
    figures,
    mismatches: await everyPage(post, MISMATCHES, 'mismatches'),
    bodies: await everyPage(post, BODIES, 'bodies'),
  };
}

export async function runNetworkSupervisionBench(): Promise<NetworkSupervisionReport> {
  const sql = await mysql.createConnection({ uri: storage.databaseUrl! });
  await ensureProvince(sql);
  await sql.end();
  const realm = await benchRealm(storage);
  const governed = await governedAccess(storage, realm);
  const prefix = `govgraph-bench-net-supervision:${Date.now()}:`;
  const nodes = await RedisNodeStore.connect(REDIS, prefix);
  const lines: string[] = [];
  let overNodes: SupervisionProcess | undefined;
  const network = await startNetwork({
    storage,
    scale: 'province',
    access: governed.access,
    signingSecret: DEV_SIGNING_SECRET,
    host: '127.0.0.1',
    port: 0,
    nodes,
    supervision: async (systems) => (overNodes = await startSupervisionProcess(systems, { url: REDIS, prefix })),
    log: (line) => lines.push(line),
  });
  const oneNode = await startSupervisionProcess(network.systems, null);
  try {
    const token = await realm.mint({
      user: 'bench.supervisor',
      roles: ['supervisor'],
      region: '320000',
      ttlSeconds: 3600,
    });
    const viaGateway = poster(network.gateway.url, {
      authorization: `Bearer ${token}`,
      'x-govgraph-purpose': PURPOSE,
    });
    const access = {
      user: 'bench.supervisor',
      roles: ['supervisor'],
      clearance: 'RESTRICTED',
      regions: ['320000'],
      purpose: PURPOSE,
    };
    const direct: Post = (query, variables) => oneNode.ask(access, query, variables);
    const over = await reconcile(viaGateway, overNodes!);
    const one = await reconcile(direct, oneNode);
    const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
    const { bodies: _b, mismatches: _m, ...figures } = over.figures as Record<string, unknown>;
    const { bodies: _ob, mismatches: _om, ...oneFigures } = one.figures as Record<string, unknown>;
    const equal = same(figures, oneFigures) && same(over.mismatches, one.mismatches) && same(over.bodies, one.bodies);
    if (!equal) throw new Error('the reconciliation over the nodes differs from the one-node answer');
    const seconds = (pattern: RegExp) => Number(lines.map((l) => pattern.exec(l)?.[1]).find(Boolean) ?? NaN);
    return {
      regions: network.regions.length,
      nodes: network.regions.length * 5,
      cutSeconds: seconds(/in ([\d.]+) s/),
      registerSeconds: seconds(/approved \d+ nodes in ([\d.]+) s/),
      networkMs: Math.round(over.ms),
      networkSupervisionPeakMiB: Math.round(over.supervisionPeakMiB),
      networkGatewayPeakMiB: Math.round(over.gatewayPeakMiB),
      networkGatewayStartMiB: Math.round(over.gatewayStartMiB),
      oneNodeMs: Math.round(one.ms),
      oneNodeSupervisionPeakMiB: Math.round(one.supervisionPeakMiB),
      coverage: over.coverage,
      people: { onRoll: Number(figures['onRoll']), paid: Number(figures['paid']) },
      mismatches: over.mismatches.length,
      bodies: over.bodies.length,
      equal,
    };
  } finally {
    await oneNode.close();
    await network[Symbol.asyncDispose]();
    await nodes.close();
    await governed.close();
    await realm.close();
  }
}

export function networkSupervisionMarkdown(r: NetworkSupervisionReport, started: string): string {
  return [
    `## Whole-province headcount reconciliation over the Jiangsu network (${r.regions} regions, ${r.nodes} nodes), ${started}`,
    '',
    `Cut ${r.nodes} node databases from the province dataset in ${r.cutSeconds} s; registered and approved every node through the admin API in ${r.registerSeconds} s.`,
    '',
    "| measure | over the nodes (gateway, access control and log on) | one node (supervision at the systems' own endpoints) |",
    '| --- | --- | --- |',
    `| wall time of the check | ${(r.networkMs / 1000).toFixed(2)} s | ${(r.oneNodeMs / 1000).toFixed(2)} s |`,
    `| peak RSS of the supervision process | ${r.networkSupervisionPeakMiB} MiB | ${r.oneNodeSupervisionPeakMiB} MiB |`,
    `| peak RSS of the gateway's process (with the 545 node servers; ${r.networkGatewayStartMiB} MiB just before the check) | ${r.networkGatewayPeakMiB} MiB | |`,
    '',
    `Coverage ${JSON.stringify(r.coverage)}; on the roll ${r.people.onRoll}, paid ${r.people.paid}; ${r.mismatches} mismatches and ${r.bodies} bodies, equal person by person, body by body and to the cent: ${r.equal}.`,
  ].join('\n');
}
