import { GraphQLError } from 'graphql';
import { buildHTTPExecutor } from '@graphql-tools/executor-http';
import type { ExecutionRequest, ExecutionResult, Executor } from '@graphql-tools/utils';
import { ErrorCode } from '../../common/errors';
import { boundedFetch } from '../resilience/bounded-fetch';
import type { Breakers } from '../resilience/breakers';
import { timeoutOf, type SubgraphCallPolicy } from '../resilience/call-policy';
import { SubgraphFailure } from '../resilience/subgraph-failure';
import { signingFetch } from '../../common/signing-fetch';
import { accessHeader } from './subgraph-signing';
import { SpanKind, SpanStatusCode, type Tracer } from '@opentelemetry/api';
import { startSpan, traceHeaders } from '../../common/telemetry/tracing';
import type { GatewayContext } from '../access/governed-executor';
import type { GatewayMetrics } from '../telemetry/gateway-metrics';

export interface SubgraphExecutorOptions {
  /** The subgraph's name, shown to clients in errors. */
  name: string;
  /** One executor per endpoint: a subgraph name may later be served by many regional endpoints. */
  endpoint: string;
  policy: SubgraphCallPolicy;
  breakers: Breakers;
  /** The gateway's signing secret; each subgraph's key is derived from it and the subgraph's name. */
  signingSecret: string;
  telemetry?: CallTelemetry;
}

export interface CallTelemetry {
  metrics: GatewayMetrics;
  tracer: Tracer;
}

const requestSpan = (context: unknown) => (context as Partial<GatewayContext> | undefined)?.span;

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** The executor-http result of a transport problem: no data, and an error it made itself. */
function transportFailure(result: ExecutionResult): SubgraphFailure | null {
  if (result.data) return null;
  for (const error of result.errors ?? []) {
    if (error.originalError instanceof SubgraphFailure) return error.originalError;
    if (error.extensions?.['code'] === 'RESPONSE_VALIDATION_FAILED') return new SubgraphFailure('answered with a body that is not a GraphQL result');
    if (error.originalError) return new SubgraphFailure(error.originalError.name === 'TimeoutError' ? 'timed out' : 'connection failed', error.originalError.name === 'TimeoutError');
  }
  return null;
}

/**
 * Calls one subgraph endpoint with a time budget, retries (queries only: a mutation may have
 * happened even if its answer was lost), a circuit breaker, and a cap on answer size. A failure never
 * throws: it becomes a SUBGRAPH_UNAVAILABLE error for the fields this subgraph was to answer, so the
 * rest of the response still arrives.
 */
export function createSubgraphExecutor(options: SubgraphExecutorOptions): Executor {
  const { name, endpoint, policy } = options;
  const timeoutMs = timeoutOf(policy, name);
  const budgets = new WeakMap<object, number>();
  const http = buildHTTPExecutor({
    endpoint,
    fetch: signingFetch(options.signingSecret, name, boundedFetch(policy.maxResponseBytes)),
    // The request's own span goes in traceparent (not each call's): identical calls of one request still deduplicate.
    headers: (request) => ({ ...accessHeader(request?.context), ...traceHeaders(requestSpan(request?.context)) }),
    timeout: (request) => budgets.get(request) ?? timeoutMs,
  });

  const attempt = async (request: ExecutionRequest): Promise<ExecutionResult> => {
    const deadline = Date.now() + timeoutMs;
    const retries = request.operationType === 'query' ? policy.retries : 0;
    for (let n = 0; ; n++) {
      const call = { ...request };
      budgets.set(call, Math.max(1, deadline - Date.now()));
      const result = (await http(call)) as ExecutionResult;
      const failure = transportFailure(result);
      if (!failure) return result;
      const backoff = policy.backoffMs * 2 ** n;
      if (failure.final || n >= retries || Date.now() + backoff >= deadline) throw failure;
      await sleep(backoff);
    }
  };
  const breaker = options.breakers.for(endpoint, attempt);

  const { telemetry } = options;
  const call = async (request: ExecutionRequest): Promise<ExecutionResult> => {
    try {
      return (await breaker.fire(request)) as ExecutionResult;
    } catch (error) {
      const reason = error instanceof SubgraphFailure ? error.reason
        : (error as { code?: string }).code === 'EOPENBREAKER' ? 'circuit open after repeated failures' : 'call failed';
      return {
        errors: [new GraphQLError(`Subgraph "${name}" is unavailable: ${reason}`, { extensions: { code: ErrorCode.SUBGRAPH_UNAVAILABLE, subgraph: name } })],
      };
    }
  };
  if (!telemetry) return call as Executor;
  return (async (request: ExecutionRequest) => {
    const span = startSpan(telemetry.tracer, `subgraph ${name}`, requestSpan(request.context), SpanKind.CLIENT, { 'govgraph.subgraph': name, 'graphql.operation.type': request.operationType ?? 'query' });
    const stop = telemetry.metrics.subgraphLatency.startTimer({ subgraph: name });
    const result = await call(request);
    const codes = [...new Set((result.errors ?? []).map((e) => String(e.extensions?.['code'] ?? 'UNKNOWN')))];
    stop({ outcome: codes[0] ?? 'ok' });
    if (codes.length) {
      span.setAttribute('graphql.error.codes', codes.join(','));
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
    span.end();
    return result;
  }) as Executor;
}
