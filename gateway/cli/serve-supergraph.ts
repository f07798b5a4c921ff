/**
 * `npm run gateway -- --supergraph FILE [--port N] [--host H] [--policy FILE|DIR] [--legacy name=url ...]`:
 * serves a supergraph composed elsewhere (e.g. by `npm run compose`), stitching in plain GraphQL
 * subgraphs, under the access policy (default policies/, or POLICY_PATH).
 */
import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';

import { closeOnSignals, exitWithError, integerOption } from '../../common/cli';
import { loadStorageConfig } from '../../common/config';
import { loadAccessConfig } from '../config/access-config';
import { createGatewayAccess, gatewayOrigin } from '../config/gateway-access';
import { gatewayEdge, loadGatewayConfig } from '../config/gateway-config';
import { fetchSubgraphSdlWhenReady } from '../control/composition/fetch-sdl';
import { createGateway } from '../create-gateway';
import { openGatewayDatabase } from '../database/gateway-database';
import { openAccessLog } from '../request/access-log/open-access-log';
import type { LegacySubgraph } from '../request/execution/gateway-schema';

function legacyOption(value: string, previous: Array<{ name: string; url: string }>) {
  const match = /^([a-z][a-z0-9-]*)=(https?:\/\/\S+)$/.exec(value);
  if (!match) throw new InvalidArgumentError('expected name=http(s)://host:port/graphql');
  return [...previous, { name: match[1]!, url: match[2]! }];
}

async function main(): Promise<void> {
  const program = new Command('gateway')
    .requiredOption('--supergraph <file>', 'supergraph SDL to serve')
    .option('--port <n>', 'port', integerOption(0, 65535, 'a port'), 4000)
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--policy <path>', 'access policy: a YAML file or a directory of them (default policies/)')
    .option('--legacy <name=url>', 'a plain GraphQL subgraph to stitch in (repeatable)', legacyOption, [])
    .parse();
  const opts = program.opts<{
    supergraph: string;
    port: number;
    host: string;
    policy?: string;
    legacy: Array<{ name: string; url: string }>;
  }>();
  let supergraphSdl: string;
  try {
    supergraphSdl = readFileSync(opts.supergraph, 'utf8');
  } catch {
    throw new Error(`cannot read supergraph file ${opts.supergraph}`);
  }
  const accessConfig = loadAccessConfig();
  if (opts.policy) accessConfig.policyPath = opts.policy;
  const storage = loadStorageConfig();
  const database = await openGatewayDatabase(storage);
  const log = await openAccessLog(database, storage, accessConfig.accessLog);
  const access = await createGatewayAccess(accessConfig, gatewayOrigin(opts.host, opts.port), storage.dataDir, {
    database,
    log,
  });
  const legacy: LegacySubgraph[] = await Promise.all(
    opts.legacy.map(async (l) => ({
      ...l,
      sdl: await fetchSubgraphSdlWhenReady({ ...l, federated: false }, access.signingSecret, 30_000),
    })),
  );
  const graph = { supergraphSdl, legacy, federatedSdls: [] };
  const config = loadGatewayConfig();
  const server = await createGateway({
    source: { supergraph: graph },
    ...(await gatewayEdge(config)),
    calls: config.calls,
    access,
    host: opts.host,
    port: opts.port,
  });
  process.stdout.write(`gateway serving ${opts.supergraph} at ${server.url}\n`);
  closeOnSignals(() => server.close());
}

main().catch(exitWithError('gateway failed to start'));
