import type { GraphQLSchema } from 'graphql';
import type { GatewayInterface } from '@apollo/server-gateway-interface';
import { startGraphqlServer, type ExtraEndpoint, type RunningServer } from '../common/http-server';
import { buildGatewaySchema, type LegacySubgraph } from './execution/gateway-schema';
import { Breakers } from './resilience/breakers';
import type { SubgraphCallPolicy } from './resilience/call-policy';

export interface ServeGatewayOptions {
  /** A fixed schema, or the registry's live, swappable graph. */
  schema: GraphQLSchema | GatewayInterface;
  breakers: Breakers;
  host: string;
  port: number;
  endpoints?: ExtraEndpoint[];
  /** More to show on /readyz (composition, registry health ...). */
  readinessDetail?: () => Record<string, unknown>;
  /** Runs after the server has drained; the breakers are shut down after it. */
  onClose?: () => Promise<void>;
}

/**
 * The gateway's request path, in order, in this one place. Today: HTTP → execute over the composed
 * graph, each subgraph called through its resilient executor. The access stages (limits,
 * authentication, decisions, masking, access log) slot in here as plugins.
 */
export function serveGateway(options: ServeGatewayOptions): Promise<RunningServer> {
  const { breakers } = options;
  return startGraphqlServer({
    name: 'gateway',
    schema: options.schema,
    endpoints: options.endpoints ?? [],
    host: options.host,
    port: options.port,
    createContext: () => ({}),
    plugins: [],
    // Ready while a composition is served, even with some subgraphs down (their fields answer errors).
    readiness: () => ({ ready: true, detail: { ...options.readinessDetail?.(), subgraphs: breakers.states() } }),
    onClose: async () => {
      await options.onClose?.();
      breakers.shutdown();
    },
  });
}

export interface GatewayOptions {
  supergraphSdl: string;
  legacy: readonly LegacySubgraph[];
  policy: SubgraphCallPolicy;
  host: string;
  port: number;
}

export interface RunningGateway extends RunningServer {
  readonly breakers: Breakers;
}

/** A gateway over one fixed composition (a supergraph file, or tests): no registry. */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const breakers = new Breakers(options.policy.breaker);
  const schema = buildGatewaySchema(options.supergraphSdl, options.legacy, { policy: options.policy, breakers });
  const server = await serveGateway({ schema, breakers, host: options.host, port: options.port });
  return Object.assign(server, { breakers });
}
