import { SUBGRAPH_NAMES, type SubgraphName } from '../../common/subgraph-catalog';
import { MemoryNodeStore } from '../../gateway/control/nodes/memory-node-store';
import type { NodeStore } from '../../gateway/control/nodes/node-store';
import type { RegistryGateway } from '../../gateway/create-gateway';
import type { SourceEndpoints } from '../../subgraphs/supervision/sources';
import { registerEveryNode, startNetworkGateway, type NetworkGatewayOptions } from '../network-gateway';
import { nodeUrl, startNationalHosts } from './national-hosts';
import { nationalRegions } from './national-regions';

export interface NationalNetworkOptions extends Omit<NetworkGatewayOptions, 'systems' | 'nodes'> {
  /** Where nodes are kept (default: the gateway's memory). */
  nodes?: NodeStore;
  log?: (line: string) => void;
}

export interface RunningNationalNetwork extends AsyncDisposable {
  gateway: RegistryGateway;
  regions: string[];
}

/**
 * The simulated national network: 31 provinces, 2,850 regions, each running its own node of each of the
 * five systems (small data per node, made that region's own; its own in-memory database, endpoint and
 * signing key), 240 regions per host process; a gateway over a registry of the five systems (their
 * registered endpoints served by the first host) and the supervision subgraph, every node registered
 * through the admin API (the node asked for its schema) and approved by a second person.
 */
export async function startNationalNetwork(options: NationalNetworkOptions): Promise<RunningNationalNetwork> {
  const log = options.log ?? (() => undefined);
  const regions = nationalRegions();
  let started = Date.now();
  const national = await startNationalHosts(regions, { central: true });
  log(
    `${national.hosts.length} host processes serve ${regions.length * SUBGRAPH_NAMES.length} nodes (started in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
  try {
    const systems = national.hosts[0]!.central as SourceEndpoints;
    const front = await startNetworkGateway({ ...options, systems, nodes: options.nodes ?? new MemoryNodeStore() });
    started = Date.now();
    const ms = await registerEveryNode(
      front.gateway.url,
      SUBGRAPH_NAMES.flatMap((system: SubgraphName) =>
        regions.map((regionCode) => ({
          system,
          regionCode,
          url: nodeUrl(national.hostOf(regionCode).systems[system], regionCode),
        })),
      ),
      8,
    );
    log(`registered and approved ${regions.length * SUBGRAPH_NAMES.length} nodes in ${(ms / 1000).toFixed(1)} s`);
    return {
      gateway: front.gateway,
      regions,
      async [Symbol.asyncDispose]() {
        await front.close();
        national.stop();
      },
    };
  } catch (error) {
    national.stop();
    throw error;
  }
}
