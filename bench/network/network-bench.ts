/**
 * `npm run bench -- network`: the gateway over regional nodes, figures from one run.
 * - the node table: 2,850 nodes of each of the five systems (14,250 endpoint records) in Redis, the
 *   gateway's memory for them, and registering and approving one more node (median of 5) with a second
 *   instance routing to it;
 * - a county officer's query on the Jiangsu network (109 civil-affairs nodes; the county's own node
 *   serves its share of the province dataset from its own database) against the same query on the
 *   one-node stack, 32 connections, per-request variables, in the same run.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import mysql from 'mysql2/promise';

import { DEV_SIGNING_SECRET, subgraphSigningKey } from '../../common/gateway-signature';
import { schemaFile } from '../../common/paths';
import { HOLDS_REGION, nodeId, type RegionalNode } from '../../common/regional-nodes/regional-node';
import { SUBGRAPH_NAMES, SUBGRAPHS, type SubgraphName } from '../../common/subgraph-catalog';
import { RedisNodeStore } from '../../gateway/control/nodes/redis-node-store';
import { RedisRegistryStore } from '../../gateway/control/registry/redis-store';
import { NATIONAL_NODES, nationalRegions } from '../../stack/national/national-regions';
import { runSubgraph, type StartedSubgraph } from '../../subgraphs/common/run-subgraph';
import { SUBGRAPH_DEFINITIONS } from '../../subgraphs/definitions';
import { datasetRegions } from '../../subgraphs/seed/generate/bodies';
import { partitionSystem } from '../../subgraphs/seed/partition-nodes';
import { SCALES } from '../../subgraphs/seed/scales';
import { startGovernedGateway, type GovernedGateway } from '../governed-gateway';
import { check, load, type Measure } from '../load';
import { ensureProvince, storage } from '../supervision/supervision-scale';

const REDIS = process.env['REDIS_URL'] || 'redis://127.0.0.1:6379';
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);
const NODES_PER_SYSTEM = NATIONAL_NODES;
const TOKENS = 'bench.alice:bench-alice-token-0123456789,bench.bob:bench-bob-token-0123456789';
const PURPOSE = 'MZ-2026-0001; network bench';
// `$seed` (per request, so no gateway merges identical calls) looks up a beneficiary no node has.
const COUNTY_QUERY = `query ($seed: ID! = 900000000) { beneficiaries(first: 20) { totalCount nodes { caseNumber monthlyAmount } } none: beneficiary(id: $seed) { id } }`;

export interface NetworkReport {
  endpointRecords: number;
  gatewayHeapMiBForRecords: number;
  gatewayRssMiB: number;
  registerMs: number[];
  approveMs: number[];
  seenBySecondMs: number[];
  county: string;
  countyNodesCalled: string[];
  oneNode: Measure;
  network: Measure;
}

export const record = (system: string, regionCode: string, url: string): RegionalNode => ({
  id: nodeId(system, regionCode),
  system,
  regionCode,
  url,
  office: `${regionCode} 信息中心`,
  contact: 'bench',
  status: 'ACTIVE',
  schema: 'SAME',
  registeredBy: 'bench.alice',
  registeredAt: new Date().toISOString(),
  decidedBy: 'bench.bob',
  decidedAt: new Date().toISOString(),
  changedBy: null,
  changedAt: null,
  reason: null,
});

/** A node that only answers its schema (registration asks for it): registering is measured, not serving. */
async function schemaOnlyNode(sdl: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: { _service: { sdl } } })),
  );
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

async function admin(gateway: GovernedGateway, token: string, query: string) {
  const response = await fetch(gateway.gateway.url.replace('/graphql', '/admin/graphql'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { errors?: Array<{ message: string }> };
  if (body.errors?.length) throw new Error(`admin API: ${body.errors[0]!.message}`);
}

const activeOn = async (gateway: GovernedGateway, system: string) => {
  const ready = (await (await fetch(gateway.gateway.url.replace('/graphql', '/readyz'))).json()) as {
    nodes?: Record<string, { active: number }>;
  };
  return ready.nodes?.[system]?.active ?? 0;
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const heapMiB = () => {
  global.gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

export async function runNetworkBench(): Promise<NetworkReport> {
  const sql = await mysql.createConnection({ uri: storage.databaseUrl! });
  await ensureProvince(sql);
  const [[top]] = (await sql.query(
    `SELECT region_code FROM ${storage.databasePrefix}civil_affairs.beneficiary GROUP BY region_code ORDER BY COUNT(*) DESC LIMIT 1`,
  )) as unknown as [[{ region_code: string }]];
  await sql.end();
  const county = top!.region_code;
  const jiangsu = datasetRegions({ scale: SCALES.province }).map((r) => r.code);
  const nodePrefix = 'govgraph_bench_node_';
  await partitionSystem(
    storage.databaseUrl!,
    'civil-affairs',
    storage.databasePrefix,
    jiangsu.map((regionCode) => ({ regionCode, databasePrefix: nodePrefix })),
    [county],
  );

  const subgraphs: StartedSubgraph[] = await Promise.all(
    SUBGRAPH_NAMES.map((name) => runSubgraph(SUBGRAPH_DEFINITIONS[name], { storage, port: 0 })),
  );
  const sources = subgraphs.map((s) => ({ name: s.name, url: s.url, federated: s.name !== 'audit' }));
  const countyNode = await runSubgraph(SUBGRAPH_DEFINITIONS['civil-affairs'], {
    storage: { ...storage, databasePrefix: nodePrefix },
    port: 0,
    signingKey: subgraphSigningKey(DEV_SIGNING_SECRET, nodeId('civil-affairs', county)),
  });
  const prefix = `govgraph-bench-network:${Date.now()}:`;
  const registry = async () => ({
    store: await RedisRegistryStore.connect(REDIS, prefix),
    nodes: await RedisNodeStore.connect(REDIS, prefix),
    allowedHosts: ['127.0.0.1'],
    adminTokens: TOKENS,
    bootstrap: async () =>
      subgraphs.map((s) => ({
        name: s.name,
        url: s.url,
        federated: s.name !== 'audit',
        department: SUBGRAPHS[s.name as SubgraphName].department,
        sdl: readFileSync(schemaFile(s.name), 'utf8'),
      })),
  });
  const oneNode = await startGovernedGateway(storage, sources);
  const a = await startGovernedGateway(storage, sources, { registry: await registry(), realm: oneNode.realm });
  const b = await startGovernedGateway(storage, sources, { registry: await registry(), realm: oneNode.realm });
  const stub = await schemaOnlyNode(readFileSync(schemaFile('civil-affairs'), 'utf8'));
  try {
    // The national table: 2,850 nodes of each system, the Jiangsu county's civil-affairs node the real one.
    const heapBefore = heapMiB();
    const store = await RedisNodeStore.connect(REDIS, prefix);
    const regions = nationalRegions();
    let records = 0;
    for (const system of SUBGRAPH_NAMES)
      for (const region of regions) {
        const url = system === 'civil-affairs' && region === county ? countyNode.url : 'http://127.0.0.1:9/graphql';
        const node = record(system, region, url);
        if (HOLDS_REGION.has(node.status))
          await store.create(node, { at: node.registeredAt, actor: 'bench', action: 'register', node: node.id });
        records++;
      }
    const deadline = Date.now() + 60_000;
    while ((await activeOn(a, 'civil-affairs')) < NODES_PER_SYSTEM && Date.now() < deadline)
      await new Promise((done) => setTimeout(done, 200));
    const heapAfter = heapMiB();

    // One more node, five times: register (its schema asked), approve, seen by the second instance.
    const registerMs: number[] = [];
    const approveMs: number[] = [];
    const seenBySecondMs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const region = `6599${String(i).padStart(2, '0')}`;
      const before = await activeOn(b, 'civil-affairs');
      let t = performance.now();
      await admin(
        a,
        'bench-alice-token-0123456789',
        `mutation { registerNode(input: { system: "civil-affairs", regionCode: "${region}", url: "${stub.url}", office: "bench", contact: "bench" }) { id } }`,
      );
      registerMs.push(performance.now() - t);
      t = performance.now();
      await admin(a, 'bench-bob-token-0123456789', `mutation { approveNode(id: "civil-affairs@${region}") { id } }`);
      approveMs.push(performance.now() - t);
      t = performance.now();
      while ((await activeOn(b, 'civil-affairs')) <= before) await new Promise((done) => setTimeout(done, 5));
      seenBySecondMs.push(performance.now() - t);
    }

    // A county officer's query: the one-node stack, then the network (only the county's node called).
    const token = await oneNode.realm.mint({ user: `mz.${county}`, roles: ['civil-affairs-officer'], region: county });
    const headers = { authorization: `Bearer ${token}`, 'x-govgraph-purpose': PURPOSE };
    const expected = JSON.stringify(await check(oneNode.gateway.url, headers, COUNTY_QUERY));
    const answered = JSON.stringify(await check(a.gateway.url, headers, COUNTY_QUERY));
    if (expected !== answered) throw new Error(`the network answers differently: ${answered.slice(0, 300)}`);
    countyNode.database.statements.reset();
    await check(a.gateway.url, headers, COUNTY_QUERY);
    const called = countyNode.database.statements.count > 0 ? [county] : [];
    const one = await load(oneNode.gateway.url, headers, COUNTY_QUERY, 32, SECONDS, true, true);
    const network = await load(a.gateway.url, headers, COUNTY_QUERY, 32, SECONDS, true, true);
    await store.close();
    return {
      endpointRecords: records,
      gatewayHeapMiBForRecords: Math.round((heapAfter - heapBefore) * 10) / 10,
      gatewayRssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
      registerMs,
      approveMs,
      seenBySecondMs,
      county,
      countyNodesCalled: called,
      oneNode: one,
      network,
    };
  } finally {
    await Promise.all([oneNode.close(), a.close(), b.close(), stub.close(), countyNode.close()]);
    await Promise.all(subgraphs.map((s) => s.close()));
  }
}

export function networkMarkdown(r: NetworkReport, started: string): string {
  const ms = (xs: number[]) => `${median(xs).toFixed(0)} (${xs.map((x) => x.toFixed(0)).join(', ')})`;
  return [
    `## Regional nodes (${r.endpointRecords} endpoint records: ${NODES_PER_SYSTEM} nodes × 5 systems, two gateway instances over Redis), ${started}`,
    '',
    '| measure | figure |',
    '| --- | --- |',
    `| register one node, ms: median (each of 5) | ${ms(r.registerMs)} |`,
    `| approve it, ms | ${ms(r.approveMs)} |`,
    `| until the second instance routes to it, ms | ${ms(r.seenBySecondMs)} |`,
    `| gateway heap for the ${r.endpointRecords} records (both instances and the bench share the process: one instance's table ≈ half), MiB | ${r.gatewayHeapMiBForRecords} |`,
    `| county ${r.county} query, one-node stack, req/s (p50 / p99 ms) | ${r.oneNode.requestsPerSecond} (${r.oneNode.p50} / ${r.oneNode.p99}) |`,
    `| the same on the network (nodes called: ${r.countyNodesCalled.join(', ')}), req/s (p50 / p99 ms) | ${r.network.requestsPerSecond} (${r.network.p50} / ${r.network.p99}) |`,
    `| network ÷ one node (target ≥ 0.8) | ${(r.network.requestsPerSecond / r.oneNode.requestsPerSecond).toFixed(2)} |`,
  ].join('\n');
}
