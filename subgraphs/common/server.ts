import type { BaseContext } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';

import { startGraphqlServer, type GraphqlHttpOptions, type RunningServer } from '../../common/http-server';
import { serverSpanPlugin } from '../../common/telemetry/server-span-plugin';
import { createTracing } from '../../common/telemetry/tracing';

/**
 * One departmental system's endpoint: inline tracing off, so gateways pay only for the data; a span per
 * request, continuing the gateway's trace (OTEL_EXPORTER_OTLP_ENDPOINT).
 */
export function startSubgraphServer<C extends BaseContext>(options: GraphqlHttpOptions<C>): Promise<RunningServer> {
  const tracing = createTracing(`govgraph-${options.name}`);
  return startGraphqlServer({
    ...options,
    bodyLimit: 2 * 1024 * 1024,
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      serverSpanPlugin<C>(options.name, tracing.tracer),
      ...(options.plugins ?? []),
    ],
    onClose: async () => {
      await options.onClose?.();
      await tracing.shutdown();
    },
  });
}
