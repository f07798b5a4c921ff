import { ErrorsAreMissesCache, InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { Request } from 'express';
import { GraphQLError } from 'graphql';

import { noteRefusal } from '../common/error-response';
import { startGraphqlServer, type ExtraEndpoint, type RunningServer } from '../common/http-server';
import type { GatewayAccess } from './config/gateway-access';
import { graphSdls, type ComposedGraph } from './control/composition/compose-graph';
import { explorerRoutes } from './endpoints/explorer/explorer-routes';
import { createCsvExportEndpoint } from './endpoints/export/csv-export-endpoint';
import { loadExportableOperations } from './endpoints/export/named-operations';
import { PURPOSE_HEADER, readPurpose, scopeOf } from './request/access/access-context';
import { governedExecutor, type GatewayContext } from './request/access/governed-executor';
import { governSchema } from './request/access/governed-schema';
import { hiddenFieldsPlugin } from './request/access/hidden-fields-plugin';
import type { Principal } from './request/auth/principal';
import type { RedisKeyValueCache } from './request/cache/redis-key-value-cache';
import { ResponseCache } from './request/cache/response-cache';
import { coerceVariablesPlugin } from './request/execution/coerce-variables';
import { buildGatewaySchema } from './request/execution/gateway-schema';
import { LiveGraph } from './request/graph/live-graph';
import { queryLimitsPlugin } from './request/limits/query-limits-plugin';
import { persistedOperationsGuard, type PersistedMode } from './request/persisted/persisted-operations-guard';
import { MemoryRateLimiter } from './request/rate-limits/memory-rate-limiter';
import { rateLimitGuard } from './request/rate-limits/rate-limit-guard';
import type { RateLimiter } from './request/rate-limits/rate-limiter';
import { Breakers } from './request/resilience/breakers';
import type { SubgraphCallPolicy } from './request/resilience/call-policy';
import {
  countRefusals,
  createGatewayTelemetry,
  metricsEndpoint,
  type GatewayTelemetry,
} from './request/telemetry/gateway-telemetry';
import { telemetryPlugin } from './request/telemetry/telemetry-plugin';

/** Most memory the in-process response cache takes (the embedded default), in bytes of JSON. */
const RESPONSE_CACHE_BYTES = 64 * 1024 * 1024;

/** How long an automatic persisted query is remembered after it was last registered. */
const APQ_TTL_SECONDS = 24 * 3600;

export interface PersistedOperations {
  mode: PersistedMode;
  /** The trusted documents by SHA-256 (trusted mode). */
  trusted: ReadonlyMap<string, string>;
  /** Where APQ hashes are kept for the whole fleet (Redis); default this process's memory. */
  apqCache?: RedisKeyValueCache;
}

/**
 * What stands before GraphQL and around execution, the same however a gateway is run (registry runtime,
 * supergraph file, tests); each part left out takes its in-process default.
 */
export interface GatewayEdge {
  /** Requests per user and per address (Redis for a fleet); default this process's buckets. Closed with the server. */
  rateLimiter?: RateLimiter | undefined;
  /** Proxies whose X-Forwarded-For gives the client address (TRUST_PROXY); default none. */
  trustProxy?: string | undefined;
  /** Persisted operations (default: automatic persisted queries kept in this process). */
  persisted?: PersistedOperations | undefined;
  /** Where cached answers are kept for the fleet (Redis); default this process's memory. */
  responseStore?: RedisKeyValueCache | undefined;
  /** Fetch the planner's query shapes by its own plans (default true; false: always delegate and stitch). */
  queryPlanner?: boolean | undefined;
}

/** Just the edge of a larger set of options, to hand on. */
export const edgeOf = ({
  rateLimiter,
  trustProxy,
  persisted,
  responseStore,
  queryPlanner,
}: GatewayEdge): GatewayEdge => ({ rateLimiter, trustProxy, persisted, responseStore, queryPlanner });

export interface ServeGatewayOptions extends GatewayEdge {
  /** The composition served; the registry runtime swaps it while serving. */
  graph: LiveGraph;
  access: GatewayAccess;
  breakers: Breakers;
  host: string;
  port: number;
  endpoints?: ExtraEndpoint[];
  /** More to show on /readyz (composition, registry health ...). */
  readinessDetail?: () => Record<string, unknown>;
  /** Metrics (/metrics) and traces; the subgraph executors of `graph` report to the same. */
  telemetry: GatewayTelemetry;
  /** Runs after the server has drained; the breakers are shut down after it. */
  onClose?: () => Promise<void>;
}

/**
 * The gateway's request path, in order, in this one place: HTTP (single or batched operations) →
 * authenticate (bearer token, or anonymous) → access context with the stated purpose and the region
 * scope (own region, plus cross-region grants for that case) → decide per
 * field before fetching → execute over the composed graph, each subgraph called through its
 * resilient executor → null what was withheld, mask → respond.
 */
export function serveGateway(options: ServeGatewayOptions): Promise<RunningServer> {
  const { breakers, access } = options;
  const cache = access.policy.cache.enabled
    ? new ResponseCache(
        options.responseStore
          ? new ErrorsAreMissesCache(options.responseStore)
          : new InMemoryLRUCache<string>({ maxSize: RESPONSE_CACHE_BYTES }),
        access.policy.cache,
      )
    : undefined;
  const { metrics, tracing } = options.telemetry;
  options.graph.useExecutor(
    governedExecutor({
      policy: access.policy,
      masker: access.masker,
      mode: access.mode,
      log: access.log,
      hideAboveClearance: access.hideAboveClearance,
      metrics,
      ...(cache ? { cache } : {}),
      ...(options.queryPlanner === false ? { queryPlanner: false } : {}),
    }),
  );
  // The rate limits need the caller before GraphQL runs; the token is verified once per request.
  const persisted: PersistedOperations = options.persisted ?? { mode: 'apq', trusted: new Map() };
  const rateLimiter = options.rateLimiter ?? new MemoryRateLimiter();
  const principals = new WeakMap<Request, Promise<Principal>>();
  const principalOf = (req: Request): Promise<Principal> => {
    let principal = principals.get(req);
    if (!principal) principals.set(req, (principal = access.authenticator.principal(req.headers.authorization)));
    return principal;
  };
  return startGraphqlServer<GatewayContext>({
    name: 'gateway',
    schema: options.graph,
    endpoints: [
      ...access.endpoints,
      createCsvExportEndpoint(loadExportableOperations()),
      metricsEndpoint(metrics),
      ...(options.endpoints ?? []),
    ],
    routes: explorerRoutes(),
    host: options.host,
    port: options.port,
    batching: true,
    // Introspection stays on: it is governed (grades in descriptions; cut to clearance when hiding).
    introspection: true,
    // Variables are coerced once, first; then limits: an operation over them is refused before anything else looks at it.
    plugins: [
      telemetryPlugin(metrics, tracing.tracer),
      coerceVariablesPlugin(),
      queryLimitsPlugin(access.policy),
      ...(access.hideAboveClearance ? [hiddenFieldsPlugin()] : []),
    ],
    parseOptions: { maxTokens: maxTokens(access.policy) },
    bodyLimit: access.policy.limits.bodyBytes,
    ...(access.hideAboveClearance ? { hideSchemaDetailsFromClientErrors: true } : {}),
    observe: countRefusals(metrics),
    preflight: [
      rateLimitGuard(rateLimiter, access.policy, principalOf),
      persistedOperationsGuard(persisted.mode, persisted.trusted),
    ],
    persistedQueries:
      persisted.mode === 'apq'
        ? {
            ...(persisted.apqCache ? { cache: new ErrorsAreMissesCache(persisted.apqCache) } : {}),
            ttl: APQ_TTL_SECONDS,
          }
        : false,
    ...(options.trustProxy ? { trustProxy: options.trustProxy } : {}),
    createContext: async (req) => {
      const principal = await principalOf(req).catch((error: unknown) => {
        // Refused before any operation runs (401): counted as the HTTP refusals are.
        if (error instanceof GraphQLError && req.res) noteRefusal(req.res, String(error.extensions['code']));
        throw error;
      });
      const purposeHeader = req.headers[PURPOSE_HEADER];
      const purpose = readPurpose(
        Array.isArray(purposeHeader) ? purposeHeader[0] : purposeHeader,
        principal,
        access.policy,
      );
      const grants = principal.anonymous
        ? []
        : await access.grants.applicable(principal.user, purpose.purpose?.caseNumber ?? null);
      return { access: { principal, ...purpose, ...scopeOf(principal, grants) } };
    },
    // Ready while a composition is served, even with some subgraphs down (their fields answer errors).
    readiness: () => ({ ready: true, detail: { ...options.readinessDetail?.(), subgraphs: breakers.states() } }),
    onClose: async () => {
      await options.onClose?.();
      await rateLimiter.close();
      await persisted.apqCache?.close();
      await options.responseStore?.close();
      await tracing.shutdown();
      breakers.shutdown();
    },
  });
}

/** No document well over the most generous token limit is even parsed (one over still gets QUERY_TOO_COMPLEX). */
function maxTokens(policy: GatewayAccess['policy']): number {
  const { limits } = policy;
  return (
    1 +
    Math.max(
      limits.default.tokens,
      limits.anonymous.tokens ?? 0,
      ...[...policy.roles.values()].map((r) => r.limits?.tokens ?? 0),
    )
  );
}

export interface GatewayOptions extends GatewayEdge {
  graph: ComposedGraph;
  policy: SubgraphCallPolicy;
  access: GatewayAccess;
  host: string;
  port: number;
  /** Where spans go besides OTEL_EXPORTER_OTLP_ENDPOINT (tests). */
  spanExporter?: SpanExporter;
}

export interface RunningGateway extends RunningServer {
  readonly breakers: Breakers;
}

/** A gateway over one fixed composition (a supergraph file, or tests): no registry. */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const breakers = new Breakers(options.policy.breaker);
  const telemetry = createGatewayTelemetry(breakers, options.spanExporter);
  const { graph } = options;
  const apiSchema = buildGatewaySchema(graph.supergraphSdl, graph.legacy, {
    policy: options.policy,
    breakers,
    signingSecret: options.access.signingSecret,
    telemetry: { metrics: telemetry.metrics, tracer: telemetry.tracing.tracer },
  });
  const schema = governSchema(apiSchema, options.access.policy, graphSdls(graph));
  const live = new LiveGraph({ version: 0, schema, supergraphSdl: graph.supergraphSdl });
  const server = await serveGateway({
    ...edgeOf(options),
    graph: live,
    access: options.access,
    breakers,
    telemetry,
    host: options.host,
    port: options.port,
  });
  return Object.assign(server, { breakers });
}
