/**
 * The gateway process: composes the configured subgraphs and serves the graph at /graphql.
 * `node dist/gateway/main.js` (settings from the environment: GATEWAY_PORT, SUBGRAPH_<NAME>_URL ...).
 */
import { closeOnSignals, exitWithError } from '../common/cli';
import { loadGatewayConfig, shippedSubgraphs } from './config';
import { composeFromSources } from './composition/compose-from-sources';
import { startGateway } from './server';

async function main(): Promise<void> {
  const config = loadGatewayConfig();
  const composition = await composeFromSources(shippedSubgraphs(config));
  const server = await startGateway({ ...composition, policy: config.calls, host: config.host, port: config.port });
  process.stdout.write(`gateway listening at ${server.url}\n`);
  closeOnSignals(() => server.close());
}

main().catch(exitWithError('gateway failed to start'));
