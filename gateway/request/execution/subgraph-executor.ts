import http from 'node:http';
import https from 'node:https';
import type { ExecutionRequest, ExecutionResult, Executor } from '@graphql-tools/utils';
import { SpanKind, type Tracer } from '@opentelemetry/api';
import { GraphQLError, print, type DocumentNode } from 'graphql';

import { ErrorCode } from '../../../common/errors';
import { SIGNATURE_HEADERS, signRequest, subgraphSigningKey } from '../../../common/gateway-signature';
import { endSpan, errorCodes, startSpan, traceHeaders } from '../../../common/telemetry/tracing';
import type { GatewayContext } from '../gateway-context';
import type { Breakers } from '../resilience/breakers';
import { timeoutOf, type SubgraphCallPolicy } from '../resilience/call-policy';
import { SubgraphFailure } from '../resilience/subgraph-failure';
import type { GatewayMetrics } from '../telemetry/gateway-metrics';
import { postJson } from './graphql-post';
import { accessHeader } from './subgraph-signing';

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

/** The text of each document sent (documents are reused across requests: Apollo's cache, the planner's). */
const printed = new WeakMap<DocumentNode, string>();
const printOnce = (document: DocumentNode) => {
  let text = printed.get(document);
  if (text === undefined) printed.set(document, (text = print(document)));
  return text;
};

/** A subgraph's answer text as a GraphQL result, or the failure it is. */
function asResult(status: number, text: string): ExecutionResult {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new SubgraphFailure(`answered with a body that is not a GraphQL result (HTTP ${status}, not JSON)`);
  }
  if (!body || typeof body !== 'object' || (!('data' in body) && !('errors' in body)))
    throw new SubgraphFailure('answered with a body that is not a GraphQL result');
  return body as ExecutionResult;
}

/**
 * Calls one subgraph endpoint with a time budget, retries (queries only: a mutation may have
 * happened even if its answer was lost), a circuit breaker, and a cap on answer size. A failure never
 * throws: it becomes a SUBGRAPH_UNAVAILABLE error for the fields this subgraph was to answer, so the
 * rest of the response still arrives. Requests are signed with the caller's access context, over
 * keep-alive connections; identical queries in flight at once (same caller, same body) are sent once,
 * and each waiter gets its own copy of the answer (answers are changed in place afterwards: masks).
 */
export function createSubgraphExecutor(options: SubgraphExecutorOptions): Executor {
  const { name, endpoint, policy } = options;
  const url = new URL(endpoint);
  const timeoutMs = timeoutOf(policy, name);
  const key = subgraphSigningKey(options.signingSecret, name);
  const agent = new (url.protocol === 'https:' ? https.Agent : http.Agent)({ keepAlive: true, maxSockets: 256 });
  const inflight = new Map<string, Promise<{ status: number; text: string }>>();

  const send = (request: ExecutionRequest, budgetMs: number): Promise<{ status: number; text: string }> => {
    const body = JSON.stringify({
      query: printOnce(request.document),
      variables: request.variables ?? {},
      ...(request.operationName ? { operationName: request.operationName } : {}),
    });
    const access = accessHeader(request.context)[SIGNATURE_HEADERS.access]!;
    const post = () =>
      postJson(url, body, agent, {
        headers: {
          ...signRequest(key, { method: 'POST', path: url.pathname, access, body }),
          ...traceHeaders(requestSpan(request.context)),
        },
        timeoutMs: budgetMs,
        maxBytes: policy.maxResponseBytes,
      });
    if (request.operationType !== 'query') return post();
    const dedupe = `${access}\n${body}`;
    let shared = inflight.get(dedupe);
    if (!shared) {
      inflight.set(dedupe, (shared = post()));
      void shared.then(
        () => inflight.delete(dedupe),
        () => inflight.delete(dedupe),
      );
    }
    return shared;
  };

  const attempt = async (request: ExecutionRequest): Promise<ExecutionResult> => {
    const deadline = Date.now() + timeoutMs;
    const retries = request.operationType === 'query' ? policy.retries : 0;
    for (let n = 0; ; n++) {
      try {
        const { status, text } = await send(request, Math.max(1, deadline - Date.now()));
        return asResult(status, text);
      } catch (error) {
        if (!(error instanceof SubgraphFailure)) throw error;
        const backoff = policy.backoffMs * 2 ** n;
        if (error.final || n >= retries || Date.now() + backoff >= deadline) throw error;
        await sleep(backoff);
      }
    }
  };
  const breaker = options.breakers.for(endpoint, attempt);

  const { telemetry } = options;
  const call = async (request: ExecutionRequest): Promise<ExecutionResult> => {
    try {
      return (await breaker.fire(request)) as ExecutionResult;
    } catch (error) {
      const reason =
        error instanceof SubgraphFailure
          ? error.reason
          : (error as { code?: string }).code === 'EOPENBREAKER'
            ? 'circuit open after repeated failures'
            : 'call failed';
      return {
        errors: [
          new GraphQLError(`Subgraph "${name}" is unavailable: ${reason}`, {
            extensions: { code: ErrorCode.SUBGRAPH_UNAVAILABLE, subgraph: name },
          }),
        ],
      };
    }
  };
  if (!telemetry) return call as Executor;
  return (async (request: ExecutionRequest) => {
    const span = startSpan(telemetry.tracer, `subgraph ${name}`, requestSpan(request.context), SpanKind.CLIENT, {
      'govgraph.subgraph': name,
      'graphql.operation.type': request.operationType ?? 'query',
    });
    const stop = telemetry.metrics.subgraphLatency.startTimer({ subgraph: name });
    const result = await call(request);
    const codes = errorCodes(result.errors);
    stop({ outcome: codes[0] ?? 'ok' });
    endSpan(span, codes);
    return result;
  }) as Executor;
}
