import { createConnection } from 'mysql2/promise';

import type { StorageConfig } from '../common/config';
import { subgraphSigningKey } from '../common/gateway-signature';
import { nodeId } from '../common/regional-nodes/regional-node';
import { SUBGRAPH_NAMES, type SubgraphName } from '../common/subgraph-catalog';
import type { GatewayAccess } from '../gateway/config/gateway-access';
import { MemoryNodeStore } from '../gateway/control/nodes/memory-node-store';
import type { NodeStore } from '../gateway/control/nodes/node-store';
import type { RegistryGateway } from '../gateway/create-gateway';
import { runNodeHost, type NodeHost } from '../subgraphs/common/run-node-host';
import { runSubgraph, type StartedSubgraph } from '../subgraphs/common/run-subgraph';
import { SUBGRAPH_DEFINITIONS } from '../subgraphs/definitions';
import { datasetRegions } from '../subgraphs/seed/generate/bodies';
import { partitionSystem } from '../subgraphs/seed/partition-nodes';
import { SCALES, type ScaleName } from '../subgraphs/seed/scales';
import type { SourceEndpoints } from '../subgraphs/supervision/sources';
import { registerEveryNode, startNetworkGateway, type NetworkGatewayOptions } from './network-gateway';

export { NETWORK_ADMIN_TOKENS } from './network-gateway';

export interface NetworkOptions {
  /** The seeded dataset (MariaDB) the nodes' databases are cut from. */
  storage: StorageConfig;
  scale: ScaleName;
  access: GatewayAccess;
  signingSecret: string;
  host: string;
  port: number;
  /** Where nodes are kept (default: the gateway's memory). */
  nodes?: NodeStore;
  /** How the supervision subgraph starts (a benchmark runs it as a process of its own). */
  supervision?: NetworkGatewayOptions['supervision'];
  log?: (line: string) => void;
}

export interface RunningNetwork extends AsyncDisposable {
  gateway: RegistryGateway;
  regions: string[];
  hosts: Record<SubgraphName, NodeHost>;
  /** Each system's own endpoint over the whole dataset (registered first; the one-node answer, for comparison). */
  systems: SourceEndpoints;
}

/**
 * A simulated regional network on this machine: every region of the dataset (Jiangsu at province
 * scale: the province, 13 cities and 95 counties) runs its own node of each of the five systems, over its
 * own database cut from the dataset by region, behind its own endpoint and signing key (one host process
 * per system serves them all); a gateway over a registry of the five systems, every node registered
 * (the node asked for its schema) and approved by a second person through the admin API.
 */
export async function startNetwork(options: NetworkOptions): Promise<RunningNetwork> {
  const log = options.log ?? (() => undefined);
  const { storage } = options;
  if (!storage.databaseUrl) throw new Error('the simulated network needs MariaDB (DATABASE_URL)');
  const regions = datasetRegions({ scale: SCALES[options.scale] }).map((r) => r.code);
  const nodePrefix = (region: string) => `${storage.databasePrefix}net_${region}_`;
  // Every node keeps a couple of connections: more than MariaDB's default allows in all.
  const sql = await createConnection({ uri: storage.databaseUrl });
  await sql.query('SET GLOBAL max_connections = GREATEST(@@max_connections, ?)', [regions.length * 5 * 3 + 300]);
  await sql.end();
  const started = Date.now();
  for (const system of SUBGRAPH_NAMES)
    await partitionSystem(
      storage.databaseUrl,
      system,
      storage.databasePrefix,
      regions.map((regionCode) => ({ regionCode, databasePrefix: nodePrefix(regionCode) })),
    );
  log(
    `cut ${regions.length * SUBGRAPH_NAMES.length} node databases in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );

  const central: StartedSubgraph[] = [];
  const hosts = {} as Record<SubgraphName, NodeHost>;
  const nodes = options.nodes ?? new MemoryNodeStore();
  let front: Awaited<ReturnType<typeof startNetworkGateway>> | undefined;
  const close = async () => {
    await front?.close();
    await Promise.all([...central, ...Object.values(hosts)].map((s) => s.close()));
  };
  try {
    for (const system of SUBGRAPH_NAMES) {
      // The system's registered endpoint (its schema, and what is called before any node is active).
      central.push(await runSubgraph(SUBGRAPH_DEFINITIONS[system], { storage, port: 0 }));
      hosts[system] = await runNodeHost(
        SUBGRAPH_DEFINITIONS[system],
        regions.map((regionCode) => ({
          regionCode,
          storage: { ...storage, databasePrefix: nodePrefix(regionCode) },
          signingKey: subgraphSigningKey(options.signingSecret, nodeId(system, regionCode)),
        })),
      );
    }
    const systems = Object.fromEntries(central.map((s) => [s.name, s.url])) as SourceEndpoints;
    front = await startNetworkGateway({ ...options, systems, nodes });
    const ms = await registerEveryNode(
      front.gateway.url,
      SUBGRAPH_NAMES.flatMap((system) =>
        regions.map((regionCode) => ({ system, regionCode, url: hosts[system].urlOf(regionCode) })),
      ),
    );
    log(`registered and approved ${regions.length * SUBGRAPH_NAMES.length} nodes in ${(ms / 1000).toFixed(1)} s`);
    return { gateway: front.gateway, regions, hosts, systems, [Symbol.asyncDispose]: close };
  } catch (error) {
    await close();
    throw error;
  }
}
