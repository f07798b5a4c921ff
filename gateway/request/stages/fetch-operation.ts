import { execute, GraphQLError, type ExecutionResult } from 'graphql';

import { ErrorCode } from '../../../common/errors';
import { executePlan } from '../execution/plan-executor';
import { fieldAt } from '../execution/query-planner';
import type { GatewayMetrics } from '../telemetry/gateway-metrics';
import type { Operation, OperationStage } from './operation-stage';

/** Subgraph errors of a plan's answer, located in the caller's document by their path. */
function locateErrors(op: Operation, result: ExecutionResult): ExecutionResult {
  if (!result.errors?.length) return result;
  const { document } = op.request;
  return {
    ...result,
    errors: result.errors.map((e) => {
      const at = e.path ? fieldAt(document, op.operation, e.path) : undefined;
      return at
        ? new GraphQLError(e.message, { nodes: [at], ...(e.path ? { path: e.path } : {}), extensions: e.extensions })
        : e;
    }),
  };
}

async function fetch(
  op: Operation,
  usePlanner: boolean,
): Promise<{ result: ExecutionResult; path: 'planner' | 'general' | 'refused' }> {
  const { request, graph } = op;
  const { planner } = graph;
  // Shapes the general path mishandles (@requires) are planned even when the planner is off.
  const mustPlan = planner.selectsRequiredFields(request.schema, request.document, op.operation);
  const plan =
    (mustPlan || usePlanner) && planner.accepts(request.document, op.operation)
      ? planner.plan(request.schema, op.document)
      : null;
  if (plan) {
    const result = await executePlan(request.schema, planner, plan, op.document, op.variables, op.context);
    return { path: 'planner', result: locateErrors(op, result) };
  }
  if (mustPlan) {
    const message =
      'This operation selects fields that @requires others in a shape govgraph cannot plan yet (abstract types or nested keys beside them); ask for the @requires fields in an operation of their own.';
    return {
      path: 'refused',
      result: { errors: [new GraphQLError(message, { extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } })] },
    };
  }
  const result = await execute({
    schema: request.schema,
    document: op.document,
    // The caller's own document may hold several operations; a document cut by decide-access holds one.
    operationName: op.document === request.document ? request.operationName : undefined,
    variableValues: op.variables,
    contextValue: op.context,
  });
  return { path: 'general', result };
}

/**
 * Fetches the operation: by the query planner's plan where it takes the shape, else by the general
 * path (delegate and stitch), over the schema the request was validated against. `usePlanner` false
 * is for tests only (a second implementation to compare the planner with).
 */
export const fetchOperation =
  (metrics: GatewayMetrics | undefined, usePlanner = true): OperationStage =>
  async (op) => {
    const fetched = await fetch(op, usePlanner);
    metrics?.executionPaths.inc({ path: fetched.path });
    op.partial = Boolean(fetched.result.errors?.length);
    return fetched.result;
  };
