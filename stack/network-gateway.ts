import { readFileSync } from 'node:fs';

import { subgraphSigningKey } from '../common/gateway-signature';
import type { RunningServer } from '../common/http-server';
import { schemaFile } from '../common/paths';
import { followNodes } from '../common/regional-nodes/node-feed';
import { nodeId } from '../common/regional-nodes/regional-node';
import { SHIPPED_SUBGRAPHS, SUBGRAPH_NAMES, type ShippedSubgraphName } from '../common/subgraph-catalog';
import type { GatewayAccess } from '../gateway/config/gateway-access';
import type { NodeStore } from '../gateway/control/nodes/node-store';
import { MemoryRegistryStore } from '../gateway/control/registry/memory-store';
import { createGateway, type RegistryGateway } from '../gateway/create-gateway';
import { DEFAULT_CALL_POLICY } from '../gateway/request/resilience/call-policy';
import { runSupervision } from '../subgraphs/supervision/run-supervision';
import type { SourceEndpoints } from '../subgraphs/supervision/sources';

/** Static admin tokens of a simulated network: one person registers each node, another approves it. */
export const NETWORK_ADMIN_TOKENS = {
  registrant: 'network-registrant-token-0123456789',
  approver: 'network-approver-token-0123456789',
};

export interface NetworkGatewayOptions {
  /** Each system's registered endpoint (its schema, and what is called before any node is active). */
  systems: SourceEndpoints;
  nodes: NodeStore;
  access: GatewayAccess;
  signingSecret: string;
  host: string;
  port: number;
  /** Starts the supervision subgraph (default: in this process, following `nodes`). */
  supervision?: (systems: SourceEndpoints) => Promise<Pick<RunningServer, 'url' | 'close'>>;
}

/**
 * The gateway of a simulated network: a registry of the five systems and the supervision subgraph,
 * the nodes kept in `nodes`, the checks reading every node of their caller's scope.
 */
export async function startNetworkGateway(options: NetworkGatewayOptions) {
  const supervision = options.supervision
    ? await options.supervision(options.systems)
    : await runSupervision({
        sources: options.systems,
        signingSecret: options.signingSecret,
        signingKey: subgraphSigningKey(options.signingSecret, 'supervision'),
        port: 0,
        nodes: await followNodes(options.nodes, 'supervision'),
      });
  let gateway: RegistryGateway;
  try {
    const registered = [
      ...SUBGRAPH_NAMES.map((name) => ({ name, url: options.systems[name] })),
      { name: 'supervision', url: supervision.url },
    ];
    gateway = await createGateway({
      source: {
        registry: {
          store: new MemoryRegistryStore(),
          nodes: options.nodes,
          allowedHosts: ['127.0.0.1'],
          adminTokens: `network.registrant:${NETWORK_ADMIN_TOKENS.registrant},network.approver:${NETWORK_ADMIN_TOKENS.approver}`,
          bootstrap: async () =>
            registered.map((s) => ({
              name: s.name,
              url: s.url,
              federated: SHIPPED_SUBGRAPHS[s.name as ShippedSubgraphName].federated,
              department: SHIPPED_SUBGRAPHS[s.name as ShippedSubgraphName].department,
              sdl: readFileSync(schemaFile(s.name), 'utf8'),
            })),
        },
      },
      calls: DEFAULT_CALL_POLICY,
      access: options.access,
      host: options.host,
      port: options.port,
    });
  } catch (error) {
    await supervision.close();
    throw error;
  }
  return {
    gateway,
    supervision,
    async close() {
      await gateway.close();
      await supervision.close();
    },
  };
}

/**
 * Registers every node through the admin API (the gateway asks each node for its schema) and has a
 * second person approve it, `parallel` at a time. Returns the milliseconds it took.
 */
export async function registerEveryNode(
  gatewayUrl: string,
  nodes: ReadonlyArray<{ system: string; regionCode: string; url: string }>,
  parallel = 1,
): Promise<number> {
  const admin = async (token: string, query: string, variables: Record<string, unknown>) => {
    const response = await fetch(gatewayUrl.replace(/\/graphql$/, '/admin/graphql'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { errors?: Array<{ message: string }> };
    if (body.errors?.length) throw new Error(body.errors[0]!.message);
  };
  const started = Date.now();
  const queue = [...nodes];
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      for (let node = queue.shift(); node; node = queue.shift()) {
        const { system, regionCode, url } = node;
        await admin(
          NETWORK_ADMIN_TOKENS.registrant,
          'mutation ($i: RegisterNodeInput!) { registerNode(input: $i) { id } }',
          {
            i: {
              system,
              regionCode,
              url,
              office: `${regionCode} 大数据管理局`,
              contact: `it@${regionCode}.example.gov.cn`,
            },
          },
        );
        await admin(NETWORK_ADMIN_TOKENS.approver, 'mutation ($id: ID!) { approveNode(id: $id) { id } }', {
          id: nodeId(system, regionCode),
        });
      }
    }),
  );
  return Date.now() - started;
}
