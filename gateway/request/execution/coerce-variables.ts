import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { getVariableValues, GraphQLError, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';

import { ErrorCode } from '../../../common/errors';

/** The request's variables as execution will see them (defaults applied, types checked), or why they are refused. */
export type CoercedVariables =
  { values: Record<string, unknown>; errors?: undefined } | { values?: undefined; errors: readonly GraphQLError[] };

/** Apollo's request object (the same one the gateway executor is handed), by what both sides know of it. */
type Request = { variables?: Record<string, unknown> | undefined };

const coerced = new WeakMap<Request, CoercedVariables>();

/** Coerces an operation's variables as graphql-js does; each refusal carries BAD_USER_INPUT. */
export function coerceVariables(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  raw: Record<string, unknown> | undefined,
): CoercedVariables {
  const result = getVariableValues(schema, operation.variableDefinitions ?? [], raw ?? {}, { maxErrors: 50 });
  if (!result.errors) return { values: result.coerced };
  return {
    errors: result.errors.map(
      (e) =>
        new GraphQLError(e.message, {
          nodes: e.nodes ?? null,
          extensions: { ...e.extensions, code: ErrorCode.BAD_USER_INPUT },
        }),
    ),
  };
}

/**
 * The first stage after validation: the operation's variables are coerced once, and every later stage
 * (limits and cost, access planning, the query planner, the cache key, the fetches) reads these values
 * through `variablesOf`, never the raw JSON, so a defaulted variable left out of the request means the
 * same everywhere. Refused variables are answered by the executor, with every error, before anything runs.
 */
export function coerceVariablesPlugin<C extends BaseContext>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, operation, request }) {
          if (operation) coerced.set(request, coerceVariables(schema, operation, request.variables));
        },
      };
    },
  };
}

/** The coerced variables of a request the plugin has seen (a request it has not seen is coerced now). */
export function variablesOf(
  request: Request,
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
): CoercedVariables {
  let known = coerced.get(request);
  if (!known) coerced.set(request, (known = coerceVariables(schema, operation, request.variables)));
  return known;
}
