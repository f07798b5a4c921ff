import { execute } from 'graphql';

import type { OperationStage } from './operation-stage';

/**
 * No operation matches the operationName (or several and none named): graphql-js says which, and Apollo
 * answers it as OPERATION_RESOLUTION_FAILURE; nothing is planned or fetched.
 */
export const resolveOperation: OperationStage = async (op, next) => {
  const { request } = op;
  if (!request.operation) {
    return execute({
      schema: request.schema,
      document: request.document,
      operationName: request.request.operationName ?? null,
    });
  }
  op.operation = request.operation;
  return next();
};
