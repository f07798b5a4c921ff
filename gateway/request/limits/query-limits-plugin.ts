import type { ApolloServerPlugin } from '@apollo/server';
import type { DocumentNode, GraphQLSchema, OperationDefinitionNode } from 'graphql';

import type { Policy } from '../../policy/policy-model';
import { variablesOf } from '../execution/coerce-variables';
import type { GatewayContext } from '../gateway-context';
import type { ServedGraph } from '../graph/served-graph';
import { countTokens, measureOperation, type OperationSize } from './measure-operation';
import { operationCost } from './operation-cost';
import { limitsFor, overLimit } from './query-limits';

/**
 * Query limits (policies/limits.yaml, per role in roles.yaml), cost included, checked after validation and before
 * anything is decided or fetched: an operation over one gets QUERY_TOO_COMPLEX and costs nothing more.
 * Each operation of a batch is checked on its own.
 */
export function queryLimitsPlugin(
  policy: Policy,
  graphOf: (schema: GraphQLSchema) => ServedGraph,
): ApolloServerPlugin<GatewayContext> {
  // Apollo reuses the parsed document of an operation it has seen, so each is measured (and lexed) once.
  const sizes = new WeakMap<OperationDefinitionNode, OperationSize & { tokens: number }>();
  // Cost depends on the variables (first: $n), so it is weighed per request unless the operation has none.
  const fixedCosts = new WeakMap<OperationDefinitionNode, number>();
  const costOf = (
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Record<string, unknown>,
  ): number => {
    const model = graphOf(schema).costModel;
    const fixed = !operation.variableDefinitions?.length;
    let cost = fixed ? fixedCosts.get(operation) : undefined;
    if (cost === undefined) {
      cost = operationCost(schema, model, document, operation, variables);
      if (fixed) fixedCosts.set(operation, cost);
    }
    return cost;
  };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, document, operation, source, schema, request }) {
          if (!operation) return;
          let size = sizes.get(operation);
          if (!size)
            sizes.set(operation, (size = { ...measureOperation(document, operation), tokens: countTokens(source) }));
          const limits = limitsFor(policy, contextValue.access.principal);
          // Refused variables are answered by the executor; what they would cost does not matter.
          const variables = variablesOf(request, schema, operation);
          const cost = variables.values ? costOf(schema, document, operation, variables.values) : 0;
          const error = overLimit({ ...size, cost }, limits);
          if (error) throw error;
        },
      };
    },
  };
}
