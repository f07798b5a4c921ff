import { applyPlan } from '../access/apply-plan';
import type { Masker } from '../access/masker';
import { withErrors, type OperationStage } from './operation-stage';

/** Nulls what was withheld (each with its error) and masks what the caller may see only masked. */
export const maskAnswer =
  (masker: Masker): OperationStage =>
  async (op, next) => {
    const result = await next();
    const applied = applyPlan(result.data, op.plan, masker);
    op.entities = applied.entities;
    return withErrors(result, applied.errors);
  };
