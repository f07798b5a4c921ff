/**
 * Serves one shipped subgraph: `node dist/subgraphs/serve.js <name> [--port N] [--host H]`.
 * A departmental system's storage comes from DATABASE_URL (MySQL/MariaDB) or the embedded SQLite
 * files in DATA_DIR; the supervision subgraph has none and reads the systems at their configured URLs;
 * the cases system has its own (as the systems do) and reads the systems as supervision does.
 */
import 'reflect-metadata';

import { Command } from 'commander';

import { closeOnSignals, exitWithError, integerOption } from '../common/cli';
import { loadStorageConfig } from '../common/config';
import { followNodes } from '../common/regional-nodes/node-feed';
import { RedisNodeFeed } from '../common/regional-nodes/redis-node-feed';
import {
  isSubgraphName,
  SHIPPED_SUBGRAPH_NAMES,
  SHIPPED_SUBGRAPHS,
  type ShippedSubgraphName,
} from '../common/subgraph-catalog';
import { runCases } from './cases/run-cases';
import { openNonceStore } from './common/nonce-store';
import { runSubgraph } from './common/run-subgraph';
import { SUBGRAPH_DEFINITIONS } from './definitions';
import { runSupervision } from './supervision/run-supervision';
import { loadSupervisionSettings } from './supervision/serve-options';

const port = integerOption(0, 65535, 'a port');

async function main(): Promise<void> {
  const program = new Command('serve')
    .argument('<subgraph>', SHIPPED_SUBGRAPH_NAMES.join(' | '))
    .option('--port <n>', 'port (default: the catalog port)', port)
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--max-page-size <n>', 'largest page a list returns', integerOption(1, 10_000, 'a page size'))
    .parse();
  const name = program.args[0] ?? '';
  if (!SHIPPED_SUBGRAPH_NAMES.includes(name as ShippedSubgraphName)) {
    return program.error(`unknown subgraph "${name}"; expected one of ${SHIPPED_SUBGRAPH_NAMES.join(', ')}`);
  }
  const opts = program.opts<{ port?: number; host: string; maxPageSize?: number }>();
  const common = {
    host: opts.host,
    port: opts.port ?? SHIPPED_SUBGRAPHS[name as ShippedSubgraphName].port,
    ...(opts.maxPageSize ? { maxPageSize: opts.maxPageSize } : {}),
  };
  // With REDIS_URL, every replica of this system refuses a signed call another replica has accepted.
  const nonces = await openNonceStore(
    process.env['REDIS_URL'] || undefined,
    process.env['REDIS_PREFIX'] || 'govgraph:',
    name,
  );
  const close = (server: { close(): Promise<void> }) => async () => {
    await server.close();
    await nonces.close();
  };
  // The checks read a system at its regional nodes once it has any: followed from the node registry in Redis.
  const followed = async () => {
    const url = process.env['REDIS_URL'];
    if (!url) return {};
    const feed = await RedisNodeFeed.open(url, process.env['REDIS_PREFIX'] || 'govgraph:');
    return { nodes: await followNodes(feed, name) };
  };
  if (isSubgraphName(name)) {
    const server = await runSubgraph(SUBGRAPH_DEFINITIONS[name], { storage: loadStorageConfig(), nonces, ...common });
    process.stdout.write(`${name} (${server.database.dialect}) listening at ${server.url}\n`);
    closeOnSignals(close(server));
  } else if (name === 'cases') {
    const redisUrl = process.env['REDIS_URL'];
    const server = await runCases({
      storage: loadStorageConfig(),
      ...loadSupervisionSettings(),
      ...(await followed()),
      nonces,
      ...common,
      // With Redis, every replica runs the rules' schedules (BullMQ); without, rules run only when asked.
      ...(redisUrl ? { redis: { url: redisUrl, prefix: process.env['REDIS_PREFIX'] || 'govgraph:' } } : {}),
      // Webhooks POST only to the hosts operators list here (none by default).
      webhooks: {
        allowedHosts: (process.env['CASES_WEBHOOK_HOSTS'] ?? '')
          .split(',')
          .map((h) => h.trim())
          .filter(Boolean),
      },
    });
    process.stdout.write(`cases (${server.dialect}; reads the systems live) listening at ${server.url}\n`);
    closeOnSignals(close(server));
  } else {
    const server = await runSupervision({ ...loadSupervisionSettings(), ...(await followed()), nonces, ...common });
    process.stdout.write(`supervision (no database; reads the systems live) listening at ${server.url}\n`);
    closeOnSignals(close(server));
  }
}

main().catch(exitWithError('subgraph failed to start'));
