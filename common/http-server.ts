import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import type { GraphQLSchema } from 'graphql';
import { formatError } from './format-error';

export interface GraphqlHttpOptions<C extends BaseContext> {
  name: string;
  schema: GraphQLSchema;
  createContext: () => C | Promise<C>;
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  plugins?: ApolloServerPlugin<C>[];
  /** Largest request body accepted. */
  bodyLimit?: string;
  /** Runs after the HTTP server has drained. */
  onClose?: () => Promise<void>;
}

export interface RunningServer extends AsyncDisposable {
  readonly name: string;
  readonly url: string;
  close(): Promise<void>;
}

/** A GraphQL endpoint at /graphql plus /healthz, draining in-flight requests on close. */
export async function startGraphqlServer<C extends BaseContext>(options: GraphqlHttpOptions<C>): Promise<RunningServer> {
  const app = express();
  const httpServer = http.createServer(app);
  const apollo = new ApolloServer<C>({
    schema: options.schema,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    formatError,
    plugins: [...(options.plugins ?? []), ApolloServerPluginDrainHttpServer({ httpServer })],
  });
  await apollo.start();
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service: options.name });
  });
  app.use(
    '/graphql',
    express.json({ limit: options.bodyLimit ?? '1mb' }),
    expressMiddleware(apollo, { context: async () => options.createContext() }),
  );
  await new Promise<void>((done, fail) => {
    httpServer.once('error', fail);
    httpServer.listen(options.port, options.host, done);
  });
  const { port } = httpServer.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  const running: RunningServer = {
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
