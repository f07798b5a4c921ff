/**
 * Composition and reload with 200 registered subgraphs (the 2,800 county and city nodes of a national
 * network are many subgraphs). Generated regional subgraphs over real HTTP, two gateway instances
 * sharing Redis: how long composing and building takes, how long an approval takes, and how long
 * until the other instance serves it.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';

import { loadStorageConfig } from '../common/config';
import { DEV_SIGNING_SECRET } from '../common/gateway-signature';
import { schemaFile } from '../common/paths';
import { SUBGRAPH_NAMES, SUBGRAPHS } from '../common/subgraph-catalog';
import { loadAccessConfig } from '../gateway/config/access-config';
import { createGatewayAccess } from '../gateway/config/gateway-access';
import { composeGraph } from '../gateway/control/composition/compose-graph';
import { RedisRegistryStore } from '../gateway/control/registry/redis-store';
import { createGateway } from '../gateway/create-gateway';
import { openGatewayDatabase } from '../gateway/database/gateway-database';
import { openAccessLog } from '../gateway/request/access-log/open-access-log';
import { buildGatewaySchema } from '../gateway/request/execution/gateway-schema';
import { Breakers } from '../gateway/request/resilience/breakers';
import { DEFAULT_CALL_POLICY } from '../gateway/request/resilience/call-policy';

const COUNT = Number(process.env['BENCH_SUBGRAPHS'] ?? 200);
const REDIS = process.env['REDIS_URL'] || 'redis://127.0.0.1:6379';

/** A regional node's subgraph: extends Org with its own figures. */
function regionalSdl(i: number): string {
  return `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
directive @classified(level: String!) on FIELD_DEFINITION
directive @dataResource(name: String!, title: String, owner: String, sharing: String, legalBasis: String, updateFrequency: String, contact: String) repeatable on OBJECT | FIELD_DEFINITION
type Org @key(fields: "uscc") {
  uscc: ID!
  node${i}Figures: Node${i}Figures @classified(level: "INTERNAL") @dataResource(name: "region-${i}.figures", title: "figures of node ${i}", owner: "region-${i}", sharing: "unconditional", legalBasis: "bench", updateFrequency: "daily", contact: "bench")
}
type Node${i}Figures @dataResource(name: "region-${i}.figures") {
  activities: Int! @classified(level: "INTERNAL")
  payments: Int! @classified(level: "INTERNAL")
  updatedAt: String! @classified(level: "PUBLIC")
}
type Query { node${i}Status: String @classified(level: "PUBLIC") @dataResource(name: "region-${i}.figures") }`;
}

async function serveRegionalNodes(): Promise<{ url: (i: number) => string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const i = Number(/^\/node\/(\d+)\//.exec(req.url ?? '')?.[1]);
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ data: { _service: { sdl: regionalSdl(i) } } }));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (i) => `http://127.0.0.1:${port}/node/${i}/graphql`,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

const ms = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e6;

export async function runRegistryScale(): Promise<Record<string, number>> {
  const nodes = await serveRegionalNodes();
  const shipped = SUBGRAPH_NAMES.map((name) => ({
    name,
    url: `http://127.0.0.1:${SUBGRAPHS[name].port}/graphql`,
    federated: SUBGRAPHS[name].federated,
    department: SUBGRAPHS[name].department,
    sdl: readFileSync(schemaFile(name), 'utf8'),
  }));
  const regional = Array.from({ length: COUNT }, (_, i) => ({
    name: `node-${i}`,
    url: nodes.url(i),
    federated: true,
    department: `region-${i}`,
    sdl: regionalSdl(i),
  }));
  const all = [...shipped, ...regional];

  const breakers = new Breakers(DEFAULT_CALL_POLICY.breaker);
  let t = process.hrtime.bigint();
  const graph = composeGraph(all);
  const composeMs = ms(t);
  t = process.hrtime.bigint();
  buildGatewaySchema(graph.supergraphSdl, graph.legacy, {
    callPolicy: DEFAULT_CALL_POLICY,
    breakers,
    signingSecret: DEV_SIGNING_SECRET,
  });
  const buildMs = ms(t);
  breakers.shutdown();

  // The shipped policy; no token verifier (the bench reads nothing through /graphql).
  const storage = { ...loadStorageConfig({}), dataDir: mkdtempSync(join(tmpdir(), 'govgraph-bench-')) };
  const database = await openGatewayDatabase(storage);
  const log = await openAccessLog(database, storage, { writerPassword: 'unused-for-sqlite' });
  const access = await createGatewayAccess(loadAccessConfig({}), 'http://127.0.0.1:0', tmpdir(), { database, log });
  const prefix = `govgraph-bench:${randomUUID().slice(0, 8)}:`;
  const start = async () =>
    createGateway({
      source: {
        registry: {
          store: await RedisRegistryStore.connect(REDIS, prefix),
          allowedHosts: ['127.0.0.1'],
          adminTokens: '',
          bootstrap: async () => all,
        },
      },
      calls: DEFAULT_CALL_POLICY,
      access,
      host: '127.0.0.1',
      port: 0,
    });
  t = process.hrtime.bigint();
  const a = await start();
  const bootstrapMs = ms(t);
  const b = await start();
  try {
    t = process.hrtime.bigint();
    await a.registry.register(
      { name: `node-${COUNT}`, url: nodes.url(COUNT), department: `region-${COUNT}`, contact: 'bench' },
      'bench-a',
    );
    const registerMs = ms(t);
    t = process.hrtime.bigint();
    const approved = await a.registry.approve(`node-${COUNT}`, 1, 'bench-b');
    const approveMs = ms(t);
    while (b.version() !== approved.version) await new Promise((done) => setTimeout(done, 5));
    const reloadMs = ms(t);
    return {
      subgraphs: all.length + 1,
      composeMs,
      buildMs,
      bootstrapMs,
      registerMs,
      approveMs,
      approveToOtherInstanceMs: reloadMs,
      supergraphKiB: graph.supergraphSdl.length / 1024,
    };
  } finally {
    await a.close();
    await b.close();
    await nodes.close();
    const client = createClient({ url: REDIS });
    await client.connect();
    for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 }))
      if (keys.length) await client.del(keys);
    await client.close();
  }
}
