import { logger } from '../../../common/logger';
import type { OperationStage } from './operation-stage';

/** ACCESS_MODE=dry-run: the caller's own document is answered in full; what would be cut is only reported. */
export const reportDryRun: OperationStage = async (op, next) => {
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
  op.document = op.request.document;
  return next();
};
