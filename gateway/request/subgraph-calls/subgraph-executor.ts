import type { ExecutionRequest, Executor } from '@graphql-tools/utils';
import type { Tracer } from '@opentelemetry/api';
import { print, type DocumentNode } from 'graphql';

import { oncePer } from '../../../common/cached';
import { SIGNATURE_HEADERS } from '../../../common/gateway-signature';
import type { Breakers } from '../resilience/breakers';
import { timeoutOf, type SubgraphCallPolicy } from '../resilience/call-policy';
import type { GatewayMetrics } from '../telemetry/gateway-metrics';
import { breakerLayer } from './breaker-layer';
import { budgetLayer } from './budget-layer';
import { accessHeader } from './caller-access';
import { spanLayer } from './span-layer';
import { wrapLayers, type SubgraphLayer } from './subgraph-call';
import { subgraphTransport } from './transport';
import { unavailableLayer } from './unavailable-layer';

export interface SubgraphExecutorOptions {
  /** The subgraph's name, shown to clients in errors. */
  name: string;
  /** One executor per endpoint: a subgraph name may later be served by many regional endpoints. */
  endpoint: string;
  /** A regional node of it: signed with the node's own key. */
  node?: { id: string; regionCode: string };
  /** Timeouts, retries, breaker and answer-size cap (not the access policy). */
  callPolicy: SubgraphCallPolicy;
  breakers: Breakers;
  /** The gateway's signing secret; each subgraph's key is derived from it and the subgraph's name. */
  signingSecret: string;
  telemetry?: CallTelemetry;
}

export interface CallTelemetry {
  metrics: GatewayMetrics;
  tracer: Tracer;
}

/** The text of each document sent (documents are reused across requests: Apollo's cache, the planner's). */
const printOnce = oncePer((document: DocumentNode) => print(document));

/**
 * Calls one subgraph endpoint through its layers, outermost first: span and latency, failures answered as
 * SUBGRAPH_UNAVAILABLE errors, circuit breaker, time budget and retries, then the transport (dedup, signing,
 * keep-alive POST, answer-size cap). Routing to regional nodes stands outside, one of these per node
 * (routing/routed-executor.ts).
 */
export function createSubgraphExecutor(options: SubgraphExecutorOptions): Executor {
  const { name, endpoint, callPolicy } = options;
  const target = { name, endpoint, ...(options.node ? { node: options.node } : {}) };
  const layers: SubgraphLayer[] = [
    ...(options.telemetry ? [spanLayer(options.telemetry)] : []),
    unavailableLayer,
    breakerLayer(options.breakers),
    budgetLayer(callPolicy),
  ];
  const send = wrapLayers(
    layers,
    subgraphTransport(target, options.signingSecret, callPolicy.maxResponseBytes),
    target,
  );
  const budgetMs = timeoutOf(callPolicy, name);
  return ((request: ExecutionRequest) =>
    send({
      request,
      body: JSON.stringify({
        query: printOnce(request.document),
        variables: request.variables ?? {},
        ...(request.operationName ? { operationName: request.operationName } : {}),
      }),
      access: accessHeader(request.context)[SIGNATURE_HEADERS.access]!,
      budgetMs,
    })) as Executor;
}
