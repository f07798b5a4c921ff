import { execute, GraphQLError } from 'graphql';

import { ErrorCode } from '../../../common/errors';
import type { OperationStage } from './operation-stage';

/**
 * No operation matches the operationName (or several and none named): graphql-js says which, and Apollo
 * answers it as OPERATION_RESOLUTION_FAILURE; nothing is planned or fetched. A subscription sent over
 * HTTP is refused: subscriptions are served over WebSocket, where each event is decided and logged.
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
  if (request.operation.operation === 'subscription')
    return {
      errors: [
        new GraphQLError('subscriptions are served over WebSocket (graphql-ws) at /graphql, not over HTTP', {
          extensions: { code: ErrorCode.BAD_USER_INPUT },
        }),
      ],
    };
  op.operation = request.operation;
  return next();
};
