import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin, type BaseContext, type PersistedQueryOptions } from '@apollo/server';
import type { GatewayInterface } from '@apollo/server-gateway-interface';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { GraphQLSchema, type FormattedExecutionResult, type ParseOptions } from 'graphql';

import { documentCache } from './document-cache';
import { sendError } from './error-response';
import { ErrorCode } from './errors';
import { formatError } from './format-error';
import { jsonBody } from './json-body';
import { requestErrors } from './request-errors';

const DEFAULT_BODY_LIMIT = 1024 * 1024;

/**
 * An operation run through this server's GraphQL path in process: the context from the HTTP request
 * (its token and purpose), then every plugin and the executor, as for /graphql; not its HTTP guards
 * (rate limits, body limits), which the endpoint's own request has passed.
 */
export type InProcessGraphql = (
  req: express.Request,
  operation: { query: string; variables?: Record<string, unknown> },
) => Promise<FormattedExecutionResult>;

/** Another endpoint served beside /graphql (e.g. the registry's admin API), closed with the server. */
export interface ExtraEndpoint {
  path: string;
  handler: express.RequestHandler;
  close(): Promise<void>;
  /** Given, once the server has started, how to run operations in process (the CSV export's pages). */
  useGraphql?(run: InProcessGraphql): void;
}

export interface GraphqlHttpOptions<C extends BaseContext> {
  name: string;
  /** A fixed schema, or a gateway that loads and swaps schemas while the server runs. */
  schema: GraphQLSchema | GatewayInterface;
  endpoints?: ExtraEndpoint[];
  /** Pages and static files (the explorer), routed before /graphql and without its body parsing. */
  routes?: express.Router;
  /** The request's context; may throw a GraphQLError (e.g. UNAUTHENTICATED with http.status 401). */
  createContext: (request: express.Request) => C | Promise<C>;
  /** Where GraphQL is served (default /graphql); a path with parameters serves several endpoints at once. */
  graphqlPath?: string;
  /** Accept JSON arrays of operations in one HTTP request. */
  batching?: boolean;
  /** Runs on every /graphql request before GraphQL sees it (the raw body is at req.rawBody), e.g. the gateway-signature check. */
  guard?: express.RequestHandler;
  /** Runs first on every /graphql request, before its body is read (e.g. to count how it ends). */
  observe?: express.RequestHandler;
  /** Run in order on every /graphql request after its body is parsed, before GraphQL (rate limits, persisted operations). */
  preflight?: express.RequestHandler[];
  /** Run on every request to the other endpoints after their body is read with the same limit (rate limits). */
  endpointPreflight?: express.RequestHandler[];
  /** Apollo's automatic persisted queries: where hashes are kept, or false for none (default: in memory). */
  persistedQueries?: PersistedQueryOptions | false;
  /** Which proxies' X-Forwarded-For to believe for the client address (express "trust proxy"); default none. */
  trustProxy?: string;
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  plugins?: ApolloServerPlugin<C>[];
  /** Answer introspection whatever NODE_ENV says (default: Apollo's, off in production). */
  introspection?: boolean;
  /** No "did you mean" suggestions in validation errors. */
  hideSchemaDetailsFromClientErrors?: boolean;
  /** graphql-js parse options, e.g. maxTokens: longer documents are refused before being parsed in full. */
  parseOptions?: ParseOptions;
  /** Largest request body accepted, in bytes (default 1 MiB); larger ones get 413 QUERY_TOO_COMPLEX. */
  bodyLimit?: number;
  /** Runs after the HTTP server has drained. */
  onClose?: () => Promise<void>;
  /** A WebSocket endpoint on the same port (graphql-ws subscriptions), given the HTTP server; closed first. */
  webSockets?: (httpServer: http.Server) => { close(): Promise<void> };
  /** /readyz: 200 when ready to serve traffic, 503 with the reason otherwise (default: always ready). */
  readiness?: () => Promise<Readiness> | Readiness;
}

export interface Readiness {
  ready: boolean;
  /** Shown on /readyz, e.g. which dependency is down. */
  detail?: Record<string, unknown>;
}

export interface RunningServer extends AsyncDisposable {
  readonly name: string;
  readonly url: string;
  /** GraphQL HTTP requests received since start (or since the count was last reset). */
  readonly requests: { count: number };
  close(): Promise<void>;
}

/** A GraphQL endpoint at /graphql plus /healthz, draining in-flight requests on close. */
export async function startGraphqlServer<C extends BaseContext>(
  options: GraphqlHttpOptions<C>,
): Promise<RunningServer> {
  const app = express();
  // No ETag: GraphQL answers are not revalidated, and hashing every answer costs more than any other header.
  app.set('etag', false);
  app.disable('x-powered-by'); // says nothing a client needs, and names the framework to an attacker
  if (options.trustProxy)
    app.set('trust proxy', /^\d+$/.test(options.trustProxy) ? Number(options.trustProxy) : options.trustProxy);
  const httpServer = http.createServer(app);
  const apollo = new ApolloServer<C>({
    ...(options.schema instanceof GraphQLSchema ? { schema: options.schema } : { gateway: options.schema }),
    // Every process that serves closes its servers on SIGINT/SIGTERM itself (common/cli.ts closeOnSignals);
    // Apollo's own handler, one per server, would race it (and warn past ten servers in one process).
    stopOnTerminationSignals: false,
    csrfPrevention: true,
    documentStore: documentCache(),
    allowBatchedHttpRequests: options.batching ?? false,
    includeStacktraceInErrorResponses: false,
    ...(options.introspection === undefined ? {} : { introspection: options.introspection }),
    hideSchemaDetailsFromClientErrors: options.hideSchemaDetailsFromClientErrors ?? false,
    ...(options.parseOptions ? { parseOptions: options.parseOptions } : {}),
    ...(options.persistedQueries !== undefined ? { persistedQueries: options.persistedQueries } : {}),
    formatError,
    // Apollo's own landing page loads from a CDN; the gateway serves its offline explorer instead.
    plugins: [
      ...(options.plugins ?? []),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
    ],
  });
  await apollo.start();
  const inProcess: InProcessGraphql = async (req, operation) => {
    const response = await apollo.executeOperation(operation, { contextValue: await options.createContext(req) });
    if (response.body.kind !== 'single') throw new Error('an in-process operation answered incrementally');
    return response.body.singleResult;
  };
  for (const endpoint of options.endpoints ?? []) endpoint.useGraphql?.(inProcess);
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service: options.name });
  });
  app.get('/readyz', async (_req, res) => {
    let state: Readiness;
    try {
      state = options.readiness ? await options.readiness() : { ready: true };
    } catch (error) {
      state = { ready: false, detail: { error: error instanceof Error ? error.message : String(error) } };
    }
    res
      .status(state.ready ? 200 : 503)
      .json({ status: state.ready ? 'ready' : 'not ready', service: options.name, ...state.detail });
  });
  // The side endpoints stand behind the same edge as /graphql: its body limit and its rate limits.
  for (const endpoint of options.endpoints ?? [])
    app.use(
      endpoint.path,
      jsonBody(options.bodyLimit ?? DEFAULT_BODY_LIMIT, false),
      ...(options.endpointPreflight ?? []),
      endpoint.handler,
    );
  if (options.routes) app.use(options.routes);
  const requests = { count: 0 };
  const graphqlPath = options.graphqlPath ?? '/graphql';
  app.use(
    graphqlPath,
    (_req, _res, next) => {
      requests.count++;
      next();
    },
    ...(options.observe ? [options.observe] : []),
    jsonBody(options.bodyLimit ?? DEFAULT_BODY_LIMIT, Boolean(options.guard)),
    ...(options.guard ? [options.guard] : []),
    ...(options.preflight ?? []),
    expressMiddleware(apollo, { context: async ({ req }) => options.createContext(req) }),
  );
  // Anything else: a JSON error with a code, never express's HTML page.
  const served = [graphqlPath, '/healthz', '/readyz', ...(options.endpoints ?? []).map((e) => e.path)];
  app.use((req, res) =>
    sendError(res, 404, `Nothing is served at ${req.method} ${req.path}; see ${served.join(', ')}.`, {
      code: ErrorCode.NOT_FOUND,
    }),
  );
  app.use(requestErrors);
  await new Promise<void>((done, fail) => {
    httpServer.once('error', fail);
    httpServer.listen(options.port, options.host, done);
  });
  const { port } = httpServer.address() as AddressInfo;
  const sockets = options.webSockets?.(httpServer);
  let closed: Promise<void> | undefined;
  const running: RunningServer = {
    name: options.name,
    url: `http://${options.host}:${port}/graphql`,
    requests,
    close() {
      closed ??= (async () => {
        await sockets?.close();
        await apollo.stop();
        for (const endpoint of options.endpoints ?? []) await endpoint.close();
        await options.onClose?.();
      })();
      return closed;
    },
    [Symbol.asyncDispose]: () => running.close(),
  };
  return running;
}
