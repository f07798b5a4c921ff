import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type GraphQLSchema } from 'graphql';

import { ErrorCode, statusOf } from '../../../common/errors';
import type { GatewayContext } from '../gateway-context';
import type { ServedGraph } from '../graph/served-graph';
import { firstHiddenField, rootFields } from './schema-visibility';

/**
 * With SCHEMA_HIDE_ABOVE_CLEARANCE, runs right after validation: a field the caller can never read
 * fails as an unknown field would (400, same message), and introspection must come as an operation of
 * its own, so that the governed executor can answer it from the schema cut to the caller's clearance.
 */
export function hiddenFieldsPlugin(
  graphOf: (schema: GraphQLSchema) => ServedGraph,
): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, schema, document, operation }) {
          if (!operation) return;
          const { clearance } = contextValue.access.principal;
          const roots = rootFields(operation, document);
          if (roots.introspection && roots.data) {
            throw new GraphQLError('Send introspection (__schema, __type) as an operation of its own.', {
              extensions: {
                code: ErrorCode.GRAPHQL_VALIDATION_FAILED,
                http: { status: statusOf(ErrorCode.GRAPHQL_VALIDATION_FAILED) },
              },
            });
          }
          const hidden = firstHiddenField(schema, graphOf(schema).rules, clearance, document);
          if (hidden) throw hidden;
        },
      };
    },
  };
}
