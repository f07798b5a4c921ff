import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { ParseOptions } from 'graphql';

import type { Policy } from '../../policy/policy-model';
import { countTokens, measureOperation } from './measure-operation';
import { overLimit } from './query-limits';

/** What an API beside the graph is given so that its operations meet the same limits as /graphql's. */
export interface SideApiLimits {
  plugins: ApolloServerPlugin<BaseContext>[];
  parseOptions: ParseOptions;
}

/**
 * Query limits for the APIs beside the graph (registry admin, access governance): depth, aliases,
 * root fields and tokens as the policy's defaults for a signed-in caller (policies/limits.yaml),
 * refused with the same QUERY_TOO_COMPLEX before anything resolves. Cost is not weighed: these APIs
 * read the gateway's own tables, and each list they answer is bounded by its resolver.
 */
export function sideApiLimits(policy: Policy): SideApiLimits {
  const limits = policy.limits.default;
  return {
    // Nothing far over the token limit is even parsed; one just over still gets QUERY_TOO_COMPLEX.
    parseOptions: { maxTokens: limits.tokens + 1 },
    plugins: [
      {
        async requestDidStart() {
          return {
            async didResolveOperation({ document, operation, source }) {
              if (!operation) return;
              const size = { ...measureOperation(document, operation), tokens: countTokens(source), cost: 0 };
              const error = overLimit(size, limits);
              if (error) throw error;
            },
          };
        },
      },
    ],
  };
}
