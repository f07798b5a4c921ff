import { GraphQLError } from 'graphql';

import { logger } from '../../../common/logger';
import { levelRank } from '../../policy/levels';
import type { AccessLog } from '../access-log/access-log';
import { statedPurpose } from '../access/access-context';
import { withholdSensitive } from '../access/apply-plan';
import type { AccessPlan } from '../access/plan-access';
import type { GatewayMetrics } from '../telemetry/gateway-metrics';
import { withErrors, type Operation, type OperationStage } from './operation-stage';

/** A request is logged when it reads SENSITIVE or RESTRICTED data (in clear or masked), or anything is withheld. */
export const mustLog = (plan: AccessPlan) =>
  plan.withheld.length > 0 ||
  plan.agreements.length > 0 ||
  plan.reads.some((r) => r.decision !== 'denied' && levelRank(r.level) >= levelRank('SENSITIVE'));

/** What a record is written from: an operation, or one event of a subscription. */
export type RecordedRead = Pick<Operation, 'plan' | 'entities'> & {
  context: Pick<Operation['context'], 'access'>;
  request: Pick<Operation['request'], 'operationName' | 'queryHash'>;
};

/** Appends the operation's access-log record: who, under which grants and purpose, read what. */
export function writeRecord(log: AccessLog, metrics: GatewayMetrics | undefined, op: RecordedRead): Promise<void> {
  const { principal, purpose, grants } = op.context.access;
  const append = () =>
    log.append({
      at: new Date().toISOString(),
      user: principal.user,
      roles: principal.roles,
      clearance: principal.clearance,
      region: principal.region,
      grants,
      agreements: op.plan.agreements,
      purpose: statedPurpose(purpose),
      operationName: op.request.operationName,
      // Apollo's SHA-256 of the query text (an APQ hash only once it is checked against the text).
      operationHash: op.request.queryHash,
      reads: op.plan.reads,
      entities: op.entities,
    });
  return metrics ? metrics.time(metrics.logWrites, append) : append();
}

/**
 * Writes the record before the answer leaves; if it cannot be written, nothing SENSITIVE or RESTRICTED
 * leaves either (those fields are withheld, each with its error).
 */
export const accessLog =
  (log: AccessLog, metrics: GatewayMetrics | undefined): OperationStage =>
  async (op, next) => {
    const result = await next();
    if (!mustLog(op.plan)) return result;
    try {
      await writeRecord(log, metrics, op);
      return result;
    } catch (error) {
      logger.error(
        { err: (error as Error).message },
        'access log unavailable: withholding SENSITIVE and RESTRICTED data',
      );
      op.logged = false;
      return withErrors(result, withholdSensitive(result.data, op.plan));
    }
  };

/** ACCESS_MODE=strict: anything withheld refuses the whole operation; the refusal is logged if it can be. */
export const refuseWithheld =
  (log: AccessLog, metrics: GatewayMetrics | undefined): OperationStage =>
  async (op, next) => {
    const { withheld } = op.plan;
    if (!withheld.length) return next();
    await writeRecord(log, metrics, op).catch(() => undefined); // nothing is returned, logged or not
    return {
      errors: withheld.map(
        (w) =>
          new GraphQLError(w.message, {
            path: [...w.parentKeys, w.key],
            extensions: { code: w.code, coordinate: w.coordinate },
          }),
      ),
    };
  };
