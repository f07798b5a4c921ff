/**
 * The request path, in order: the table of contents of the gateway. A request to /graphql passes
 *
 *   HTTP, before GraphQL (express, common/http-server.ts runs them in this order)
 *     1. body limit            common/json-body.ts          (413 over policy limits.bodyBytes)
 *     2. batch limit           limits/batch-limit.ts
 *     3. authenticate          auth/principal-once.ts       (bearer token verified once per request)
 *     4. rate limit            rate-limits/rate-limit-guard.ts
 *     5. persisted operations  persisted/persisted-operations-guard.ts
 *   GraphQL request (Apollo Server)
 *     6. caller context        access/caller-context.ts     (purpose, region scope, grants, agreements)
 *     7. token limit           parseOptions.maxTokens below
 *     8. parse and validate    Apollo Server
 *     9. telemetry             telemetry/telemetry-plugin.ts (span and metrics around everything after)
 *    10. coerce variables      execution/coerce-variables.ts (once; every later stage reads these values)
 *    11. query limits          limits/query-limits-plugin.ts (depth, aliases, cost ...)
 *    12. hidden fields         access/hidden-fields-plugin.ts (SCHEMA_HIDE_ABOVE_CLEARANCE only)
 *   Each operation (stages/, `operationStages` below, each an OperationStage around the next)
 *    13. resolve operation, coerce variables, introspection by clearance
 *    14. decide access         before anything is fetched (clearance, purpose, the catalog's sharing terms)
 *        report coverage       an answer from regional nodes says which were asked, answered, missing
 *    15. response cache        outside the log: an answer is kept only once it is logged
 *    16. agreement volume      reads under a sharing agreement counted once logged; the owner alerted past the volume
 *    17. access log            written before the answer leaves, or SENSITIVE data is withheld
 *    18. cached answer, mask, fetch (query planner, or the general path)
 *   Each subgraph call: routed to the regional nodes of the caller's scope when the system has them
 *     (routing/routed-executor.ts, answers merged), then per endpoint (subgraph-calls/subgraph-executor.ts):
 *     span, unavailable as error, breaker, budget and retry, then the transport (dedup, signing, POST).
 * The side endpoints (/admin, /governance, /export, the dev realm, /metrics) pass 1 and 4 as well.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { Tracer } from '@opentelemetry/api';
import type { Request, RequestHandler } from 'express';

import type { Policy } from '../policy/policy-model';
import type { AccessLog } from './access-log/access-log';
import { callerContext } from './access/caller-context';
import { hiddenFieldsPlugin } from './access/hidden-fields-plugin';
import type { Masker } from './access/masker';
import type { Authenticator } from './auth/authenticate';
import { principalOnce } from './auth/principal-once';
import type { RedisKeyValueCache } from './cache/redis-key-value-cache';
import type { ResponseCache } from './cache/response-cache';
import { coerceVariablesPlugin } from './execution/coerce-variables';
import type { AccessMode, GatewayContext } from './gateway-context';
import type { RegionGrants } from './grants/region-grants';
import type { LiveGraph } from './graph/live-graph';
import { batchLimit } from './limits/batch-limit';
import { queryLimitsPlugin } from './limits/query-limits-plugin';
import { persistedOperationsGuard, type PersistedOperations } from './persisted/persisted-operations-guard';
import { rateLimitGuard } from './rate-limits/rate-limit-guard';
import type { RateLimiter } from './rate-limits/rate-limiter';
import type { SharingAgreements } from './sharing/sharing-agreements';
import { accessLog, refuseWithheld } from './stages/access-log';
import { agreementVolume } from './stages/agreement-volume';
import { coerceVariables } from './stages/coerce-variables';
import { decideAccess } from './stages/decide-access';
import { fetchOperation } from './stages/fetch-operation';
import { introspectionByClearance } from './stages/introspection-by-clearance';
import { maskAnswer } from './stages/mask-answer';
import type { OperationStage } from './stages/operation-stage';
import { reportCoverage } from './stages/report-coverage';
import { reportDryRun } from './stages/report-dry-run';
import { resolveOperation } from './stages/resolve-operation';
import { cachedAnswer, responseCache } from './stages/response-cache';
import type { GatewayMetrics } from './telemetry/gateway-metrics';
import { telemetryPlugin } from './telemetry/telemetry-plugin';

/** What the request path decides with: the policy, who the caller is, and where reads are recorded. */
export interface RequestAccess {
  policy: Policy;
  authenticator: Authenticator;
  masker: Masker;
  mode: AccessMode;
  /** Hide what the caller can never read from introspection, errors and suggestions. */
  hideAboveClearance: boolean;
  /** Where every sensitive read and every denial is recorded. */
  log: AccessLog;
  /** Cross-region grants (异地监察) that widen a request's region scope. */
  grants: RegionGrants;
  /** Sharing agreements (共享协议) that open conditional resources to another department. */
  agreements: SharingAgreements;
}

/** What stands before GraphQL and around execution; each part left out takes its in-process default. */
export interface GatewayEdge {
  /** Requests per user and per address (Redis for a fleet); default this process's buckets. Closed with the gateway. */
  rateLimiter?: RateLimiter | undefined;
  /** Proxies whose X-Forwarded-For gives the client address (TRUST_PROXY); default none. */
  trustProxy?: string | undefined;
  /** Persisted operations (default: automatic persisted queries kept in this process). */
  persisted?: PersistedOperations | undefined;
  /** Where cached answers are kept for the fleet (Redis); default this process's memory. */
  responseStore?: RedisKeyValueCache | undefined;
  /**
   * false only in tests: graphql-tools' delegation for every shape but @requires, as a second
   * implementation the planner's answers are compared with. No deployment setting reads it: that path
   * answers some shapes the planner takes wrongly (test/integration/federation/differential.test.ts).
   */
  queryPlanner?: boolean | undefined;
}

export interface RequestPathOptions {
  access: RequestAccess;
  graph: LiveGraph;
  metrics: GatewayMetrics;
  tracer: Tracer;
  rateLimiter: RateLimiter;
  persisted: PersistedOperations;
  /** Whole answers reused within one access context; none when the policy turns the cache off. */
  cache: ResponseCache | undefined;
  /** Fetch the planner's shapes by its plan (false, in tests only: delegate and stitch all but @requires shapes). */
  queryPlanner: boolean;
  /** Who holds a static admin token (REGISTRY_ADMIN_TOKENS), for the rate limits; none without a registry. */
  staticTokenHolder?: (authorization: string | undefined) => string | undefined;
}

export interface RequestPath {
  bodyLimit: number;
  preflight: RequestHandler[];
  /** What stands before the side endpoints (admin, governance, export, dev realm): the same rate limits. */
  endpointPreflight: RequestHandler[];
  createContext: (req: Request) => Promise<GatewayContext>;
  parseOptions: { maxTokens: number };
  plugins: ApolloServerPlugin<GatewayContext>[];
  operationStages: OperationStage[];
}

export function requestPath(options: RequestPathOptions): RequestPath {
  const { access, metrics, cache } = options;
  const { policy, mode, log } = access;
  const principalOf = principalOnce(access.authenticator);
  const graphOf = options.graph.graphOf.bind(options.graph);
  const rateLimit = rateLimitGuard(options.rateLimiter, policy, principalOf, options.staticTokenHolder);
  return {
    bodyLimit: policy.limits.bodyBytes,
    preflight: [
      batchLimit(policy),
      rateLimit,
      persistedOperationsGuard(options.persisted.mode, options.persisted.trusted),
    ],
    endpointPreflight: [rateLimit],
    createContext: callerContext(principalOf, policy, access.grants, access.agreements),
    parseOptions: { maxTokens: maxTokens(policy) },
    plugins: [
      telemetryPlugin(metrics, options.tracer),
      coerceVariablesPlugin(),
      queryLimitsPlugin(policy, graphOf),
      ...(access.hideAboveClearance ? [hiddenFieldsPlugin(graphOf)] : []),
    ],
    operationStages: [
      resolveOperation,
      coerceVariables,
      ...(access.hideAboveClearance ? [introspectionByClearance] : []),
      decideAccess(policy, metrics),
      reportCoverage,
      ...(mode === 'dry-run'
        ? [reportDryRun(policy), maskAnswer(access.masker), fetchOperation(metrics)]
        : [
            ...(mode === 'strict' ? [refuseWithheld(log, metrics)] : []),
            ...(mode === 'enforce' && cache ? [responseCache(cache, access.masker, metrics)] : []),
            agreementVolume(access.agreements, log, metrics),
            accessLog(log, metrics),
            ...(mode === 'enforce' && cache ? [cachedAnswer] : []),
            maskAnswer(access.masker),
            fetchOperation(metrics, options.queryPlanner),
          ]),
    ],
  };
}

/** No document well over the most generous token limit is even parsed (one over still gets QUERY_TOO_COMPLEX). */
function maxTokens(policy: Policy): number {
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
