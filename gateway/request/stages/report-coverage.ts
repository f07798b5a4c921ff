import type { OperationStage } from './operation-stage';

/**
 * An answer read from regional nodes says what it covers (`extensions.coverage`: per system, the nodes
 * asked and answered and the regions missing), so nobody takes a partial count for a complete one.
 */
export const reportCoverage: OperationStage = async (op, next) => {
  const result = await next();
  const coverage = op.context.coverage;
  return coverage ? { ...result, extensions: { ...result.extensions, coverage: coverage.report() } } : result;
};
