import { variablesOf } from '../execution/coerce-variables';
import type { OperationStage } from './operation-stage';

/** A bad variable is a bad request, even where deciding access would cut the field that used it. */
export const coerceVariables: OperationStage = async (op, next) => {
  const coerced = variablesOf(op.request.request, op.request.schema, op.operation);
  if (coerced.errors) return { errors: coerced.errors };
  op.variables = coerced.values;
  return next();
};
