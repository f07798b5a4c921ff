import { checkMonth, checkPersonKey, checkRegionCode, checkUsccShape } from '../../../common/arguments';
import { badUserInput, forbiddenField } from '../../../common/errors';
import type { SubgraphAccess } from '../../../common/gateway-signature';
import type { RegionScope } from '../../common/region-scope';
import type { Sources } from '../../supervision/sources';
import { readBatchFacts } from './batch-facts';
import type { BatchStore } from './batch-store';
import { MAX_BATCH_LINES, warnPayrollBatch, type BatchLine } from './payroll-warnings';

/** Roles that may submit a batch: the treasury's payroll staff, and supervisors checking one themselves. */
export const BATCH_SUBMITTER_ROLES = ['finance-officer', 'supervisor'] as const;

export interface PayrollBatchInput {
  reference: string;
  month: string;
  regionCode: string;
  lines: ReadonlyArray<BatchLine>;
}

/** Largest gross pay a line may carry: above it the line is a typing error, not a salary. */
const MAX_GROSS = 1_000_000;

function checkLines(lines: ReadonlyArray<BatchLine>): BatchLine[] {
  if (lines.length === 0) throw badUserInput('a batch needs at least one line', 'lines');
  if (lines.length > MAX_BATCH_LINES)
    throw badUserInput(
      `a batch holds at most ${MAX_BATCH_LINES} lines, got ${lines.length}: send the month in several batches`,
      'lines',
    );
  const seen = new Set<number>();
  return lines.map((line, i) => {
    const where = `lines[${i}]`;
    if (!Number.isSafeInteger(line.lineNo) || line.lineNo < 1)
      throw badUserInput(`${where}.lineNo must be a positive integer`, 'lines');
    if (seen.has(line.lineNo)) throw badUserInput(`${where}.lineNo ${line.lineNo} appears twice`, 'lines');
    seen.add(line.lineNo);
    if (
      !Number.isFinite(line.gross) ||
      line.gross < 0 ||
      line.gross > MAX_GROSS ||
      Math.abs(Math.round(line.gross * 100) - line.gross * 100) > 1e-6
    )
      throw badUserInput(`${where}.gross must be between 0 and ${MAX_GROSS} yuan, in fen`, 'lines');
    return {
      lineNo: line.lineNo,
      personKey: checkPersonKey(line.personKey, `${where}.personKey`),
      orgUscc: checkUsccShape(line.orgUscc, `${where}.orgUscc`),
      gross: line.gross,
    };
  });
}

/**
 * 事前预警: checks a payroll batch before payment and records it with its verdict. The caller must
 * hold a submitting role and the batch's region must lie in their scope; the facts are read through
 * their own access context, so people outside it count as on no roll the caller can see.
 */
export async function checkPayrollBatch(
  input: PayrollBatchInput,
  access: SubgraphAccess | undefined,
  scope: RegionScope,
  sources: Sources,
  store: BatchStore,
) {
  if (!access || !access.roles.some((role) => (BATCH_SUBMITTER_ROLES as readonly string[]).includes(role)))
    throw forbiddenField(`checking a payroll batch needs one of the roles ${BATCH_SUBMITTER_ROLES.join(', ')}`);
  const reference = input.reference.trim();
  if (reference.length === 0 || reference.length > 64)
    throw badUserInput('reference must be 1 to 64 characters', 'reference');
  const month = checkMonth(input.month);
  const regionCode = scope.mustCover(checkRegionCode(input.regionCode));
  const lines = checkLines(input.lines);
  const started = performance.now();
  const keys = [...new Set(lines.map((l) => l.personKey))];
  const facts = await readBatchFacts(sources, month, regionCode, lines, await store.recordedPay(month, keys));
  const verdict = warnPayrollBatch(month, lines, facts);
  const tookMs = Math.round(performance.now() - started);
  return store.record({ reference, month, regionCode, submittedBy: access.user }, lines, verdict, tookMs);
}
