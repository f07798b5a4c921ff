/**
 * One gateway under test, in a process of its own: `node -r @swc-node/register bench/peers/serve-gateway.ts
 * <kind> <supergraph file> <port>`. Prints "ready <url>" when it serves.
 * govgraph runs as deployed: tokens verified (KEYCLOAK_URL), decide-before-fetch and masking, the
 * hash-chained access log in MariaDB (DATABASE_URL, database govgraph_bench_gateway). For the
 * access-cost benchmark, govgraph-no-log builds every record but keeps none, and govgraph-open grades
 * every field PUBLIC (nothing withheld, masked or recorded).
 */
import 'reflect-metadata';

import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { DEV_PERSON_KEY_SECRET, type StorageConfig } from '../../common/config';
import { loadAccessConfig } from '../../gateway/config/access-config';
import { createGatewayAccess } from '../../gateway/config/gateway-access';
import { createGateway } from '../../gateway/create-gateway';
import { openGatewayDatabase } from '../../gateway/database/gateway-database';
import type { Policy } from '../../gateway/policy/policy-model';
import { AccessLog } from '../../gateway/request/access-log/access-log';
import { openAccessLog } from '../../gateway/request/access-log/open-access-log';
import { DEFAULT_CALL_POLICY } from '../../gateway/request/resilience/call-policy';
import { openPeerGraphPolicy, peerGraphPolicy } from '../bench-policy';

const LOG_WRITER_PASSWORD = 'bench-log-writer-password';

/** An access log that builds and chains every record as usual, then keeps none. */
const discardingLog = () => new AccessLog({ run: (work) => work({ head: undefined, insert: async () => {} }) });

const govgraph =
  (policy: () => Policy, log: 'mariadb' | 'discard') =>
  async (supergraphSdl: string, port: number): Promise<string> => {
    const storage: StorageConfig = {
      databaseUrl: process.env['DATABASE_URL'] ?? 'mysql://root@127.0.0.1:3306',
      databasePrefix: 'govgraph_bench_',
      dataDir: join(tmpdir(), 'govgraph-bench'),
      personKeySecret: DEV_PERSON_KEY_SECRET,
    };
    const database = await openGatewayDatabase(storage);
    const accessLog =
      log === 'discard'
        ? discardingLog()
        : await openAccessLog(database, storage, { writerPassword: LOG_WRITER_PASSWORD });
    const config = loadAccessConfig({
      KEYCLOAK_URL: process.env['KEYCLOAK_URL'],
      ACCESS_LOG_WRITER_PASSWORD: LOG_WRITER_PASSWORD,
    });
    const access = await createGatewayAccess(
      config,
      'http://127.0.0.1:0',
      storage.dataDir,
      { database, log: accessLog },
      policy(),
    );
    const gateway = await createGateway({
      source: { supergraph: { supergraphSdl, legacy: [], federatedSdls: [] } },
      calls: DEFAULT_CALL_POLICY,
      access,
      host: '127.0.0.1',
      port,
    });
    return gateway.url;
  };

async function apollo(supergraphSdl: string, port: number): Promise<string> {
  const { ApolloGateway } = await import('@apollo/gateway');
  const { ApolloServer } = await import('@apollo/server');
  const { startStandaloneServer } = await import('@apollo/server/standalone');
  const server = new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl }) });
  const { url } = await startStandaloneServer(server, { listen: { port, host: '127.0.0.1' } });
  return url.endsWith('/') ? url : `${url}/`;
}

async function hive(supergraphSdl: string, port: number): Promise<string> {
  const { createGatewayRuntime } = await import('@graphql-hive/gateway-runtime');
  const runtime = createGatewayRuntime({ supergraph: supergraphSdl, logging: false });
  const server = http.createServer(runtime);
  await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
  return `http://127.0.0.1:${port}/graphql`;
}

const KINDS = {
  govgraph: govgraph(peerGraphPolicy, 'mariadb'),
  'govgraph-no-log': govgraph(peerGraphPolicy, 'discard'),
  'govgraph-open': govgraph(openPeerGraphPolicy, 'discard'),
  apollo,
  hive,
} as const;
export type GatewayKind = keyof typeof KINDS;

/** Profiles from SIGUSR2 (after a warm-up) to SIGTERM, then writes the profile to `file` and exits. */
async function profileBetweenSignals(file: string): Promise<void> {
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  process.once('SIGUSR2', () => void session.post('Profiler.start'));
  process.once('SIGTERM', () => {
    void session.post('Profiler.stop').then(({ profile }) => {
      writeFileSync(file, JSON.stringify(profile));
      process.exit(0);
    });
  });
}

async function main(): Promise<void> {
  const [kind, file, port] = process.argv.slice(2) as [GatewayKind, string, string];
  if (!(kind in KINDS) || !file || !port)
    throw new Error(`usage: serve-gateway.ts <${Object.keys(KINDS).join('|')}> <supergraph file> <port>`);
  const url = await KINDS[kind](readFileSync(file, 'utf8'), Number(port));
  const profile = process.env['GOVGRAPH_CPU_PROFILE'];
  if (profile) await profileBetweenSignals(profile);
  else process.once('SIGTERM', () => process.exit(0));
  process.stdout.write(`ready ${url}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
