import { execute } from 'graphql';

import { rootFields } from '../access/schema-visibility';
import type { OperationStage } from './operation-stage';

/**
 * SCHEMA_HIDE_ABOVE_CLEARANCE: introspection answers from the schema cut to the caller's clearance
 * (the hidden-fields plugin made sure it comes as an operation of its own).
 */
export const introspectionByClearance: OperationStage = async (op, next) => {
  if (!rootFields(op.operation, op.request.document).introspection) return next();
  return execute({
    schema: op.graph.visibleTo(op.context.access.principal.clearance),
    document: op.request.document,
    operationName: op.request.operationName,
    variableValues: op.variables,
    contextValue: op.context,
  });
};
