/**
 * The gateway process: serves the registry's live composition at /graphql and the registry's admin
 * API at /admin/graphql. A new registry starts from the configured subgraphs.
 * `node dist/gateway/main.js` (settings from the environment: GATEWAY_PORT, REDIS_URL, ...).
 */
import { closeOnSignals, exitWithError } from '../common/cli';
import { loadStorageConfig } from '../common/config';
import { subgraphUrlVariable } from '../common/subgraph-addresses';
import { SHIPPED_SUBGRAPHS, type ShippedSubgraphName } from '../common/subgraph-catalog';
import { loadAccessConfig } from './config/access-config';
import { createGatewayAccess, gatewayOrigin } from './config/gateway-access';
import { gatewayEdge, loadGatewayConfig, shippedSubgraphs } from './config/gateway-config';
import { fetchSubgraphSdlWhenReady } from './control/composition/fetch-sdl';
import { RegistryHistory } from './control/history/registry-history';
import { NodeHistory } from './control/nodes/node-history';
import { openNodeStore } from './control/nodes/open-node-store';
import { openRegistryStore } from './control/registry/open-store';
import { createGateway } from './create-gateway';
import { openGatewayDatabase } from './database/gateway-database';
import { openAccessLog } from './request/access-log/open-access-log';

async function main(): Promise<void> {
  const config = loadGatewayConfig();
  const storage = loadStorageConfig();
  const accessConfig = loadAccessConfig();
  const gatewayDb = await openGatewayDatabase(storage);
  const log = await openAccessLog(gatewayDb, storage, accessConfig.accessLog);
  const access = await createGatewayAccess(accessConfig, gatewayOrigin(config.host, config.port), storage.dataDir, {
    database: gatewayDb,
    log,
  });
  const store = await openRegistryStore(config.redisUrl, config.redisPrefix);
  const nodes = await openNodeStore(config.redisUrl, config.redisPrefix);
  const history = new RegistryHistory(gatewayDb);
  const server = await createGateway({
    source: {
      registry: {
        store,
        nodes,
        nodeHistory: new NodeHistory(gatewayDb),
        history,
        allowedHosts: config.registry.allowedHosts,
        adminTokens: config.registry.adminTokens,
        bootstrap: () =>
          Promise.all(
            shippedSubgraphs(config).map(async (source) => ({
              ...source,
              sdl: await fetchSubgraphSdlWhenReady(source, access.signingSecret),
              department: SHIPPED_SUBGRAPHS[source.name as ShippedSubgraphName].department,
            })),
          ),
        // An address set at start wins over the stored composition's (the subgraph moved ports or hosts).
        configuredAddresses: () =>
          shippedSubgraphs(config)
            .filter((source) => source.name in config.subgraphUrls)
            .map((source) => ({
              ...source,
              sdl: () => fetchSubgraphSdlWhenReady(source, access.signingSecret),
              variable: subgraphUrlVariable(source.name as ShippedSubgraphName),
            })),
      },
    },
    calls: config.calls,
    access,
    host: config.host,
    port: config.port,
    ...(await gatewayEdge(config)),
  });
  process.stdout.write(
    `gateway listening at ${server.url} (composition ${server.version()}, registry ${store.health().detail})\n`,
  );
  closeOnSignals(() => server.close());
}

main().catch(exitWithError('gateway failed to start'));
