import { logger } from '../../../common/logger';
import type { AccessLog } from '../access-log/access-log';
import type { SharingAgreements } from '../sharing/sharing-agreements';
import type { GatewayMetrics } from '../telemetry/gateway-metrics';
import type { OperationStage } from './operation-stage';

/**
 * Counts each read made under a sharing agreement once its record is written, and alerts the owner
 * when the reads pass the volume the request stated (a metric, and an event in the access log naming
 * the agreement), once per agreement, so the reads do not silently go on forever. The count never
 * fails an answer: a lost count is logged.
 */
export const agreementVolume =
  (agreements: SharingAgreements, log: AccessLog, metrics: GatewayMetrics | undefined): OperationStage =>
  async (op, next) => {
    const result = await next();
    const used = op.plan.agreements;
    if (!used.length || !op.logged) return result;
    try {
      for (const agreement of await agreements.countRead(used)) {
        metrics?.sharingOverVolume.inc({ owner: agreement.owner });
        await log.append({
          at: new Date().toISOString(),
          user: 'govgraph',
          roles: [],
          clearance: 'INTERNAL',
          region: null,
          purpose: null,
          operationName: `sharing agreement ${agreement.id} over volume`,
          operationHash: '0'.repeat(64),
          reads: [{ coordinate: 'Sharing.overVolume', level: 'INTERNAL', decision: 'allowed' }],
          entities: { 'Sharing.overVolume': [String(agreement.id)] },
        });
        logger.warn(
          {
            agreement: agreement.id,
            owner: agreement.owner,
            requester: agreement.requester,
            expected: agreement.expectedReads,
          },
          'sharing agreement read past its stated volume: the owner is alerted',
        );
      }
    } catch (error) {
      logger.error({ err: (error as Error).message, agreements: used }, 'reads under sharing agreements not counted');
    }
    return result;
  };
