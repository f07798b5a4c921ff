import { join } from 'node:path';

import type { StorageConfig } from '../common/config';
import { DEV_SIGNING_SECRET } from '../common/gateway-signature';
import { loadAccessConfig } from '../gateway/config/access-config';
import { createGatewayAccess } from '../gateway/config/gateway-access';
import { composeGraph, type ComposedGraph } from '../gateway/control/composition/compose-graph';
import { fetchSpecs } from '../gateway/control/composition/fetch-sdl';
import type { SubgraphSource } from '../gateway/control/composition/subgraph-source';
import type { RegistrySource } from '../gateway/control/reload/registry-graph';
import { createGateway, type RunningGateway } from '../gateway/create-gateway';
import { openGatewayDatabase } from '../gateway/database/gateway-database';
import { serveDevRealm, type ServedDevRealm } from '../gateway/endpoints/dev-realm/serve-dev-realm';
import { openAccessLog } from '../gateway/request/access-log/open-access-log';
import { DEFAULT_CALL_POLICY } from '../gateway/request/resilience/call-policy';
import { shippedBenchPolicy } from './bench-policy';

const LOG_WRITER_PASSWORD = 'bench-log-writer-password';

export interface GovernedGateway {
  gateway: RunningGateway;
  /** Mints the tokens the benchmark sends. */
  realm: ServedDevRealm;
  graph: ComposedGraph;
  close(): Promise<void>;
}

/**
 * The access layer as deployed: tokens from `realm`, decide-before-fetch and masking, and the
 * hash-chained access log in the MariaDB gateway database of `storage`; rate limits lifted and the
 * response cache off (bench-policy.ts).
 */
export async function governedAccess(storage: StorageConfig, realm: ServedDevRealm) {
  const database = await openGatewayDatabase(storage);
  const log = await openAccessLog(database, storage, { writerPassword: LOG_WRITER_PASSWORD });
  const config = loadAccessConfig({ KEYCLOAK_URL: realm.url, ACCESS_LOG_WRITER_PASSWORD: LOG_WRITER_PASSWORD });
  const access = await createGatewayAccess(
    config,
    'http://127.0.0.1:0',
    storage.dataDir,
    { database, log },
    shippedBenchPolicy(),
  );
  return {
    access,
    async close() {
      await log.close();
      await database.close();
    },
  };
}

/** A dev realm whose keys live in the data directory of `storage`. */
export const benchRealm = (storage: StorageConfig) =>
  serveDevRealm({ realm: 'govgraph', clientId: 'govgraph-gateway', keysDir: join(storage.dataDir, 'realm') });

/** The gateway as deployed (governedAccess), over subgraphs already running. */
export async function startGovernedGateway(
  storage: StorageConfig,
  sources: readonly SubgraphSource[],
  /** The graph from a registry (regional nodes) rather than composed once; a realm shared with other gateways. */
  options: { registry?: RegistrySource; realm?: ServedDevRealm } = {},
): Promise<GovernedGateway> {
  const ownRealm = !options.realm;
  const realm = options.realm ?? (await benchRealm(storage));
  try {
    const graph = composeGraph(await fetchSpecs(sources, DEV_SIGNING_SECRET));
    const governed = await governedAccess(storage, realm);
    const settings = { calls: DEFAULT_CALL_POLICY, access: governed.access, host: '127.0.0.1', port: 0 };
    const gateway = options.registry
      ? await createGateway({ ...settings, source: { registry: options.registry } })
      : await createGateway({ ...settings, source: { supergraph: graph } });
    return {
      gateway,
      realm,
      graph,
      async close() {
        await gateway.close();
        await governed.close();
        if (ownRealm) await realm.close();
      },
    };
  } catch (error) {
    if (ownRealm) await realm.close();
    throw error;
  }
}
