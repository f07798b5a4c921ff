/**
 * Serves one departmental system: `node dist/subgraphs/serve.js <name> [--port N] [--host H]`.
 * Storage comes from DATABASE_URL (MySQL/MariaDB) or the embedded SQLite files in DATA_DIR.
 */
import 'reflect-metadata';
import { Command } from 'commander';
import { closeOnSignals, exitWithError, integerOption } from '../common/cli';
import { loadStorageConfig } from '../common/config';
import { isSubgraphName, SUBGRAPH_NAMES, SUBGRAPHS } from '../common/subgraph-catalog';
import { runSubgraph } from './common/run-subgraph';
import { SUBGRAPH_DEFINITIONS } from './definitions';

const port = integerOption(0, 65535, 'a port');

async function main(): Promise<void> {
  const program = new Command('serve')
    .argument('<subgraph>', SUBGRAPH_NAMES.join(' | '))
    .option('--port <n>', 'port (default: the catalog port)', port)
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--max-page-size <n>', 'largest page a list returns', integerOption(1, 10_000, 'a page size'))
    .parse();
  const arg = program.args[0] ?? '';
  if (!isSubgraphName(arg)) return program.error(`unknown subgraph "${arg}"; expected one of ${SUBGRAPH_NAMES.join(', ')}`);
  const name = arg;
  const opts = program.opts<{ port?: number; host: string; maxPageSize?: number }>();
  const server = await runSubgraph(SUBGRAPH_DEFINITIONS[name], {
    storage: loadStorageConfig(),
    host: opts.host,
    port: opts.port ?? SUBGRAPHS[name].port,
    ...(opts.maxPageSize ? { maxPageSize: opts.maxPageSize } : {}),
  });
  process.stdout.write(`${name} (${server.database.dialect}) listening at ${server.url}\n`);
  closeOnSignals(() => server.close());
}

main().catch(exitWithError('subgraph failed to start'));
