import type http from 'node:http';
import { GraphQLError, parse, validate, type ExecutionArgs, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';

import { ErrorCode } from '../../common/errors';
import type { SubgraphAccess } from '../../common/gateway-signature';
import { SIGNED_SUBSCRIPTION_METHOD, signedCallBody } from '../../common/signed-subscription';
import type { SignedCall } from './gateway-guard';

/**
 * A subgraph's subscriptions (graphql-ws at /graphql, beside the HTTP endpoint), for the gateway only:
 * each subscribe message carries the gateway's signature over its query and variables in
 * `extensions.govgraph`, checked (and its nonce claimed) like an HTTP call's; the verified access
 * context then filters the events as it filters rows.
 */
export function subscriptionEndpoint<C>(options: {
  schema: GraphQLSchema;
  check: (call: SignedCall) => Promise<{ access: SubgraphAccess } | { refused: string }>;
  createContext: (access: SubgraphAccess) => C;
}): (httpServer: http.Server) => { close(): Promise<void> } {
  return (httpServer) => {
    const sockets = new WebSocketServer({ server: httpServer, path: '/graphql' });
    const server = useServer(
      {
        onSubscribe: async (_ctx, _id, payload): Promise<ExecutionArgs | readonly GraphQLError[]> => {
          const signature = (payload.extensions?.['govgraph'] ?? {}) as Record<string, unknown>;
          const checked = await options.check({
            method: SIGNED_SUBSCRIPTION_METHOD,
            path: '/graphql',
            body: signedCallBody(payload.query, payload.variables ?? {}),
            header: (name) => {
              const value = signature[name];
              return typeof value === 'string' ? value : undefined;
            },
          });
          if ('refused' in checked)
            return [
              new GraphQLError(`Refused: this subgraph answers the govgraph gateway only (${checked.refused})`, {
                extensions: { code: ErrorCode.UNAUTHENTICATED },
              }),
            ];
          let document;
          try {
            document = parse(payload.query);
          } catch (error) {
            return [error as GraphQLError];
          }
          const errors = validate(options.schema, document);
          if (errors.length) return errors;
          return {
            schema: options.schema,
            document,
            variableValues: payload.variables ?? {},
            operationName: payload.operationName ?? null,
            contextValue: options.createContext(checked.access),
          };
        },
      },
      sockets,
    );
    return {
      async close() {
        await server.dispose();
        await new Promise<void>((done) => sockets.close(() => done()));
      },
    };
  };
}
