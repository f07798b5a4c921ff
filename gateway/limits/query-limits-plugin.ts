import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../access/governed-executor';
import type { Policy } from '../policy/policy-model';
import { countTokens, measureOperation } from './measure-operation';
import { limitsFor, overLimit } from './query-limits';

/**
 * Query limits (policies/limits.yaml, per role in roles.yaml), checked after validation and before
 * anything is decided or fetched: an operation over one gets QUERY_TOO_COMPLEX and costs nothing more.
 * Each operation of a batch is checked on its own.
 */
export function queryLimitsPlugin(policy: Policy): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, document, operation, source }) {
          if (!operation) return;
          const limits = limitsFor(policy, contextValue.access.principal);
          const error = overLimit({ ...measureOperation(document, operation), tokens: countTokens(source) }, limits);
          if (error) throw error;
        },
      };
    },
  };
}
