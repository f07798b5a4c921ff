import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { ApolloServer, type BaseContext } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';

export interface SubgraphServerOptions<C extends BaseContext> {
  name: string;
  schema: GraphQLSchema;
  /** Builds a fresh per-request context (new DataLoaders each request: no cross-request caching). */
  createContext: () => C | Promise<C>;
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** Runs after the HTTP server has drained, e.g. to close the database. */
  onClose?: () => Promise<void>;
}

export interface RunningSubgraph extends AsyncDisposable {
  readonly name: string;
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Errors a client may see keep their message and code; anything unexpected (a driver error with SQL
 * in it, a stack) becomes a bare INTERNAL_SERVER_ERROR and is written to stderr instead.
 */
function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof GraphQLError || formatted.extensions?.['code'] !== 'INTERNAL_SERVER_ERROR') {
    const { stacktrace: _omit, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  process.stderr.write(`internal error: ${original instanceof Error ? original.stack : String(original)}\n`);
  return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

/** One departmental system's GraphQL endpoint at /graphql plus /healthz. */
export async function startSubgraphServer<C extends BaseContext>(options: SubgraphServerOptions<C>): Promise<RunningSubgraph> {
  const app = express();
  const httpServer = http.createServer(app);
  const apollo = new ApolloServer<C>({
    schema: options.schema,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    formatError,
    plugins: [ApolloServerPluginInlineTraceDisabled(), ApolloServerPluginDrainHttpServer({ httpServer })],
  });
  await apollo.start();
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', subgraph: options.name });
  });
  app.use('/graphql', express.json({ limit: '2mb' }), expressMiddleware(apollo, { context: async () => options.createContext() }));
  await new Promise<void>((done, fail) => {
    httpServer.once('error', fail);
    httpServer.listen(options.port, options.host, done);
  });
  const { port } = httpServer.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  const running: RunningSubgraph = {
    name: options.name,
    url: `http://${options.host}:${port}/graphql`,
    close() {
      closed ??= (async () => {
        await apollo.stop();
        await options.onClose?.();
      })();
      return closed;
    },
    [Symbol.asyncDispose]: () => running.close(),
  };
  return running;
}
