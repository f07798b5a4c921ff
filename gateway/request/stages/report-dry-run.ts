import { logger } from '../../../common/logger';
import { LEVELS } from '../../policy/levels';
import type { Policy } from '../../policy/policy-model';
import type { AccessContext } from '../access/access-context';
import { AccessPlans } from '../access/access-plans';
import type { OperationStage } from './operation-stage';

const HIGHEST = LEVELS[LEVELS.length - 1]!;
/** Stands in for a stated purpose while planning the full answer: nothing in dry-run reads its text. */
const DRY_RUN_PURPOSE = { caseNumber: 'dry-run', kind: 'dry-run', text: 'dry run: answered in full' };

/** The caller as if it cleared every level and stated a purpose: its plan withholds and masks nothing. */
const unrestricted = (access: AccessContext): AccessContext => ({
  ...access,
  principal: { ...access.principal, clearance: HIGHEST },
  purpose: access.purpose ?? DRY_RUN_PURPOSE,
  purposeProblem: null,
});

/**
 * ACCESS_MODE=dry-run: what the caller's plan would withhold or mask is only reported; the answer is
 * the caller's whole document, planned as for a caller who clears everything, so it takes the same
 * fetch (the query planner) as in enforce mode, @skip/@include decided the same way.
 */
export const reportDryRun = (policy: Policy): OperationStage => {
  const plans = new AccessPlans(policy);
  return async (op, next) => {
    const { withheld, masked } = op.plan;
    if (withheld.length || masked.length) {
      logger.warn(
        {
          user: op.context.access.principal.user,
          withheld: withheld.map((w) => w.coordinate),
          masked: masked.map((m) => m.coordinate),
        },
        'dry run: answered in full',
      );
    }
    op.plan = plans.planFor({
      schema: op.request.schema,
      rules: op.graph.rules,
      access: unrestricted(op.context.access),
      document: op.request.document,
      operation: op.operation,
      variables: op.variables,
    });
    op.document = op.plan.document;
    return next();
  };
};
