import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { SpanKind, type Tracer } from '@opentelemetry/api';

import { endSpan, errorCodes, incomingContext, startSpan } from './tracing';

/**
 * A span for each GraphQL request a subgraph serves, the child of the caller's span when a W3C
 * traceparent header came with it (the gateway sends one). Attributes: operation type and error codes;
 * never the query's arguments, variables or answer.
 */
export function serverSpanPlugin<C extends BaseContext>(service: string, tracer: Tracer): ApolloServerPlugin<C> {
  return {
    async requestDidStart({ request }) {
      const headers = Object.fromEntries(request.http?.headers ?? []);
      const span = startSpan(tracer, `${service} graphql`, incomingContext(headers), SpanKind.SERVER, {
        'service.component': service,
      });
      return {
        async didResolveOperation({ operation }) {
          if (operation) span.setAttribute('graphql.operation.type', operation.operation);
        },
        async willSendResponse({ response }) {
          endSpan(span, errorCodes(response.body.kind === 'single' ? response.body.singleResult.errors : []));
        },
      };
    },
  };
}
