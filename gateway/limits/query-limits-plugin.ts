import type { ApolloServerPlugin } from '@apollo/server';
import type { OperationDefinitionNode } from 'graphql';
import type { GatewayContext } from '../access/governed-executor';
import type { Policy } from '../policy/policy-model';
import { countTokens, measureOperation, type OperationSize } from './measure-operation';
import { limitsFor, overLimit } from './query-limits';

/**
 * Query limits (policies/limits.yaml, per role in roles.yaml), checked after validation and before
 * anything is decided or fetched: an operation over one gets QUERY_TOO_COMPLEX and costs nothing more.
 * Each operation of a batch is checked on its own.
 */
export function queryLimitsPlugin(policy: Policy): ApolloServerPlugin<GatewayContext> {
  // Apollo reuses the parsed document of an operation it has seen, so each is measured (and lexed) once.
  const sizes = new WeakMap<OperationDefinitionNode, OperationSize & { tokens: number }>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, document, operation, source }) {
          if (!operation) return;
          let size = sizes.get(operation);
          if (!size) sizes.set(operation, (size = { ...measureOperation(document, operation), tokens: countTokens(source) }));
          const error = overLimit(size, limitsFor(policy, contextValue.access.principal));
          if (error) throw error;
        },
      };
    },
  };
}
