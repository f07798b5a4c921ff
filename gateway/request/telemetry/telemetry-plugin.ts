import type { ApolloServerPlugin } from '@apollo/server';
import { SpanKind, type Tracer } from '@opentelemetry/api';

import { logger } from '../../../common/logger';
import { endSpan, errorCodes, incomingContext, startSpan } from '../../../common/telemetry/tracing';
import type { GatewayContext } from '../gateway-context';
import type { GatewayMetrics } from './gateway-metrics';

/**
 * Per operation: a span (the parent of every subgraph call it makes, continuing the client's W3C trace
 * when it sent one), the request counter and latency histogram, and errors by code. What is recorded:
 * the operation's label (named operations only), type, document hash and error codes; never variables,
 * answers, tokens or who asked.
 */
export function telemetryPlugin(metrics: GatewayMetrics, tracer: Tracer): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ request, contextValue }) {
      const span = startSpan(
        tracer,
        'gateway graphql',
        incomingContext(Object.fromEntries(request.http?.headers ?? [])),
        SpanKind.SERVER,
      );
      contextValue.span = span;
      const started = performance.now();
      const stop = metrics.latency.startTimer();
      let operation = '(unresolved)';
      return {
        async didResolveOperation({ operationName, operation: definition, queryHash }) {
          operation = metrics.operationLabel(operationName);
          span.updateName(`gateway ${operation}`);
          span.setAttributes({
            'graphql.operation.name': operation,
            'graphql.document.sha256': queryHash,
            ...(definition ? { 'graphql.operation.type': definition.operation } : {}),
          });
        },
        async willSendResponse({ response }) {
          const codes = errorCodes(response.body.kind === 'single' ? response.body.singleResult.errors : []);
          for (const code of codes) metrics.errors.inc({ code });
          metrics.requests.inc({ operation, outcome: codes[0] ?? 'ok' });
          stop({ operation });
          logger.debug({ operation, ms: Math.round(performance.now() - started), codes }, 'operation answered');
          endSpan(span, codes);
        },
      };
    },
  };
}
