import type { BaseContext } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startGraphqlServer, type GraphqlHttpOptions, type RunningServer } from '../../common/http-server';

/** One departmental system's endpoint: inline tracing off, so gateways pay only for the data. */
export function startSubgraphServer<C extends BaseContext>(options: GraphqlHttpOptions<C>): Promise<RunningServer> {
  return startGraphqlServer({ ...options, bodyLimit: '2mb', plugins: [ApolloServerPluginInlineTraceDisabled(), ...(options.plugins ?? [])] });
}
