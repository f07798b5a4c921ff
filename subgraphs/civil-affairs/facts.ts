import type { DataSource } from 'typeorm';

import { checkMonth, checkNumericId, checkPersonKey } from '../../common/arguments';
import { toFactTable, type FactTable } from '../../common/fact-table';
import { keyOrderedPage, selectColumns, whereKeysIn, type KeyPage } from '../common/facts-query';
import { whereBetween, whereRegion } from '../common/filters';
import type { RegionScope } from '../common/region-scope';
import { BeneficiaryEntity } from './entities/beneficiary';
import { DeathRecordEntity } from './entities/death-record';
import { HouseholdMemberEntity } from './entities/household-member';
import { ReliefPaymentEntity } from './entities/relief-payment';

/** What the supervision subgraph asks civil affairs for in bulk, within the caller's region scope. */

const DEATH_COLUMNS = ['personKey', 'diedOn', 'regionCode'] as const;

/** 殡葬 death registrations: of the given people, or all of a region. */
export async function deathFacts(
  dataSource: DataSource,
  scope: RegionScope,
  args: KeyPage & { personKeys?: readonly string[] | null; regionCode?: string | null },
): Promise<FactTable> {
  const q = selectColumns(dataSource.getRepository(DeathRecordEntity).createQueryBuilder('death'), {
    personKey: 'death.personKey',
    diedOn: 'death.diedOn',
    regionCode: 'death.regionCode',
  });
  scope.restrict(q, 'death.regionCode');
  whereRegion(q, 'death.regionCode', args.regionCode);
  keyOrderedPage(q, 'death.personKey', args);
  if (!whereKeysIn(q, 'death.personKey', args.personKeys, 'personKeys', checkPersonKey))
    return toFactTable(DEATH_COLUMNS, []);
  const rows = await q.getRawMany<Record<(typeof DEATH_COLUMNS)[number], unknown>>();
  return toFactTable(
    DEATH_COLUMNS,
    rows.map((r) => ({ ...r, diedOn: String(r.diedOn).slice(0, 10) })),
  );
}

const MEMBERSHIP_COLUMNS = [
  'personKey',
  'beneficiaryId',
  'caseNumber',
  'scheme',
  'status',
  'regionCode',
  'relation',
] as const;

/** Relief cases (of the case's region in scope) whose household has one of these people as a member. */
export async function reliefMembershipFacts(
  dataSource: DataSource,
  scope: RegionScope,
  args: KeyPage & { personKeys?: readonly string[] | null; regionCode?: string | null },
): Promise<FactTable> {
  const q = selectColumns(
    dataSource
      .getRepository(HouseholdMemberEntity)
      .createQueryBuilder('member')
      .innerJoin(BeneficiaryEntity, 'case', 'case.householdId = member.householdId'),
    {
      personKey: 'member.personKey',
      beneficiaryId: 'case.id',
      caseNumber: 'case.caseNumber',
      scheme: 'case.scheme',
      status: 'case.status',
      regionCode: 'case.regionCode',
      relation: 'member.relation',
    },
  );
  if (!whereKeysIn(q, 'member.personKey', args.personKeys, 'personKeys', checkPersonKey))
    return toFactTable(MEMBERSHIP_COLUMNS, []);
  scope.restrict(q, 'case.regionCode');
  whereRegion(q, 'case.regionCode', args.regionCode);
  keyOrderedPage(q, 'member.personKey', args);
  const rows = await q.getRawMany<Record<(typeof MEMBERSHIP_COLUMNS)[number], unknown>>();
  return toFactTable(
    MEMBERSHIP_COLUMNS,
    rows.map((r) => ({ ...r, beneficiaryId: String(r.beneficiaryId) })),
  );
}

const RELIEF_PAYMENT_COLUMNS = ['beneficiaryId', 'month', 'paidOn', 'amount'] as const;

/** Relief payments of these cases, optionally of a month range. */
export async function reliefPaymentFacts(
  dataSource: DataSource,
  scope: RegionScope,
  args: { beneficiaryIds: readonly string[]; fromMonth?: string | null; toMonth?: string | null },
): Promise<FactTable> {
  const q = selectColumns(dataSource.getRepository(ReliefPaymentEntity).createQueryBuilder('payment'), {
    beneficiaryId: 'payment.beneficiaryId',
    month: 'payment.month',
    paidOn: 'payment.paidOn',
    amount: 'payment.amount',
  });
  if (!whereKeysIn(q, 'payment.beneficiaryId', args.beneficiaryIds, 'beneficiaryIds', checkNumericId))
    return toFactTable(RELIEF_PAYMENT_COLUMNS, []);
  scope.restrict(q, 'payment.regionCode');
  whereBetween(
    q,
    'payment.month',
    args.fromMonth ? checkMonth(args.fromMonth, 'fromMonth') : null,
    args.toMonth ? checkMonth(args.toMonth, 'toMonth') : null,
  );
  const rows = await q.getRawMany<Record<(typeof RELIEF_PAYMENT_COLUMNS)[number], unknown>>();
  return toFactTable(
    RELIEF_PAYMENT_COLUMNS,
    rows.map((r) => ({
      ...r,
      beneficiaryId: String(r.beneficiaryId),
      paidOn: String(r.paidOn).slice(0, 10),
      amount: Number(r.amount),
    })),
  );
}
