import type { GraphQLSchema } from 'graphql';
import { startGraphqlServer, type RunningServer } from '../common/http-server';
import { buildGatewaySchema, type LegacySubgraph } from './execution/gateway-schema';
import { Breakers } from './resilience/breakers';
import type { SubgraphCallPolicy } from './resilience/call-policy';

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

/**
 * The gateway's request path, in order. Today: HTTP → execute over the composed graph, each subgraph
 * called through its resilient executor. The access stages (limits, authentication, decisions,
 * masking, access log) slot in here as plugins.
 */
function serve(schema: GraphQLSchema, breakers: Breakers, options: GatewayOptions): Promise<RunningServer> {
  return startGraphqlServer({
    name: 'gateway',
    schema,
    host: options.host,
    port: options.port,
    createContext: () => ({}),
    plugins: [],
    // Ready while a composition is served, even with some subgraphs down (their fields answer errors).
    readiness: () => ({ ready: true, detail: { subgraphs: breakers.states() } }),
    onClose: async () => breakers.shutdown(),
  });
}

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const breakers = new Breakers(options.policy.breaker);
  const schema = buildGatewaySchema(options.supergraphSdl, options.legacy, { policy: options.policy, breakers });
  const server = await serve(schema, breakers, options);
  return Object.assign(server, { breakers });
}
