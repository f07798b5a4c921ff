import type { GraphQLSchema } from 'graphql';
import { startGraphqlServer, type RunningServer } from '../common/http-server';

export interface GatewayServerOptions {
  schema: GraphQLSchema;
  host: string;
  port: number;
}

/**
 * The gateway's request path, in order. Today: HTTP → execute over the composed graph. The access
 * stages (limits, authentication, decisions, masking, access log) slot in here as plugins.
 */
export function startGatewayServer(options: GatewayServerOptions): Promise<RunningServer> {
  return startGraphqlServer({
    name: 'gateway',
    schema: options.schema,
    host: options.host,
    port: options.port,
    createContext: () => ({}),
    plugins: [],
  });
}
