import { SpanKind } from '@opentelemetry/api';

import { endSpan, errorCodes, startSpan } from '../../../common/telemetry/tracing';
import type { GatewayContext } from '../gateway-context';
import type { SubgraphLayer } from './subgraph-call';
import type { CallTelemetry } from './subgraph-executor';

/** A client span per call, child of the request's span, and the call's latency by outcome. */
export const spanLayer =
  (telemetry: CallTelemetry): SubgraphLayer =>
  (next, { name }) =>
  async (call) => {
    const parent = (call.request.context as Partial<GatewayContext> | undefined)?.span;
    const span = startSpan(telemetry.tracer, `subgraph ${name}`, parent, SpanKind.CLIENT, {
      'govgraph.subgraph': name,
      'graphql.operation.type': call.request.operationType ?? 'query',
    });
    const stop = telemetry.metrics.subgraphLatency.startTimer({ subgraph: name });
    const result = await next(call);
    const codes = errorCodes(result.errors);
    stop({ outcome: codes[0] ?? 'ok' });
    endSpan(span, codes);
    return result;
  };
