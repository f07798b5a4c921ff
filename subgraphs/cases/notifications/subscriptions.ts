import { checkRegionCode, checkUscc } from '../../../common/arguments';
import { regionCovers } from '../../../common/identifiers/region-code';
import type { Context } from '../context';
import { AlertEntity } from '../entities/alert';
import type { SubscriptionResolvers } from '../generated/resolvers-types';
import type { CaseEvent } from './case-events';

/**
 * 通知: each event reaches a subscriber whose region scope covers it (the same row rule as queries),
 * narrowed by the subscription's own filters, and is read afresh from the database when it is sent.
 */
export const subscriptionResolvers: SubscriptionResolvers<Context> = {
  alertRaised: {
    subscribe: (_, { regionCode }, { events, scope }) => {
      const under = regionCode ? checkRegionCode(regionCode) : null;
      return events.listen(
        (e) => e.type === 'ALERT_RAISED' && scope.covers(e.regionCode) && (!under || regionCovers(under, e.regionCode)),
      );
    },
    resolve: async (event: CaseEvent, _: unknown, { dataSource }: Context) =>
      dataSource.getRepository(AlertEntity).findOneByOrFail({ id: (event as { alertId: number }).alertId }),
  },
  leadAssigned: {
    subscribe: (_, { regionCode, orgUscc }, { events, scope }) => {
      const under = regionCode ? checkRegionCode(regionCode) : null;
      const body = orgUscc ? checkUscc(orgUscc, 'orgUscc') : null;
      return events.listen(
        (e) =>
          e.type === 'LEAD_ASSIGNED' &&
          scope.covers(e.regionCode) &&
          (!under || regionCovers(under, e.regionCode)) &&
          (!body || e.orgUscc === body),
      );
    },
    resolve: async (event: CaseEvent, _: unknown, { leadStore, scope }: Context) =>
      (await leadStore.find((event as { leadId: number }).leadId, scope))!,
  },
};
