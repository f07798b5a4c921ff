/**
 * Serves one departmental system: `node dist/subgraphs/serve.js <name> [--port N] [--host H]`.
 * Storage comes from DATABASE_URL (MySQL/MariaDB) or the embedded SQLite files in DATA_DIR.
 */
import 'reflect-metadata';
import { Command, InvalidArgumentError } from 'commander';
import { loadStorageConfig } from '../common/config';
import { isSubgraphName, SUBGRAPH_NAMES, SUBGRAPHS } from '../common/subgraph-catalog';
import { runSubgraph } from './common/run-subgraph';
import { SUBGRAPH_DEFINITIONS } from './definitions';

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('a port is an integer 0-65535');
  return n;
}

async function main(): Promise<void> {
  const program = new Command('serve')
    .argument('<subgraph>', SUBGRAPH_NAMES.join(' | '))
    .option('--port <n>', 'port (default: the catalog port)', port)
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--max-page-size <n>', 'largest page a list returns', port)
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
  const stop = () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
