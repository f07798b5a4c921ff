import type { DataSource } from 'typeorm';
import { toFactTable, type FactTable } from '../../common/fact-table';
import { checkMonth, checkNumericId, checkPersonKey } from '../common/arguments';
import { checkKeyList } from '../common/key-list';
import { whereBetween, whereRegion } from '../common/filters';
import type { RegionScope } from '../common/region-scope';
import { DeathRecordEntity } from './entities/death-record';
import { HouseholdMemberEntity } from './entities/household-member';
import { BeneficiaryEntity } from './entities/beneficiary';
import { ReliefPaymentEntity } from './entities/relief-payment';

/** What the supervision subgraph asks civil affairs for in bulk, within the caller's region scope. */

const DEATH_COLUMNS = ['personKey', 'diedOn', 'regionCode'] as const;

/** 殡葬 death registrations: of the given people, or all of a region. */
export async function deathFacts(dataSource: DataSource, scope: RegionScope, args: { personKeys?: readonly string[] | null; regionCode?: string | null }): Promise<FactTable> {
  const q = dataSource
    .getRepository(DeathRecordEntity)
    .createQueryBuilder('death')
    .select('death.personKey', 'personKey')
    .addSelect('death.diedOn', 'diedOn')
    .addSelect('death.regionCode', 'regionCode');
  scope.restrict(q, 'death.regionCode');
  whereRegion(q, 'death.regionCode', args.regionCode);
  if (args.personKeys) {
    const keys = checkKeyList(args.personKeys, 'personKeys', checkPersonKey);
    if (keys.length === 0) return toFactTable(DEATH_COLUMNS, []);
    q.andWhere('death.personKey IN (:...keys)', { keys });
  }
  const rows = await q.getRawMany<Record<(typeof DEATH_COLUMNS)[number], unknown>>();
  return toFactTable(DEATH_COLUMNS, rows.map((r) => ({ ...r, diedOn: String(r.diedOn).slice(0, 10) })));
}

const MEMBERSHIP_COLUMNS = ['personKey', 'beneficiaryId', 'caseNumber', 'scheme', 'status', 'regionCode', 'relation'] as const;

/** Relief cases (of the case's region in scope) whose household has one of these people as a member. */
export async function reliefMembershipFacts(dataSource: DataSource, scope: RegionScope, args: { personKeys: readonly string[]; regionCode?: string | null }): Promise<FactTable> {
  const keys = checkKeyList(args.personKeys, 'personKeys', checkPersonKey);
  if (keys.length === 0) return toFactTable(MEMBERSHIP_COLUMNS, []);
  const q = dataSource
    .getRepository(HouseholdMemberEntity)
    .createQueryBuilder('member')
    .innerJoin(BeneficiaryEntity, 'case', 'case.householdId = member.householdId')
    .select('member.personKey', 'personKey')
    .addSelect('case.id', 'beneficiaryId')
    .addSelect('case.caseNumber', 'caseNumber')
    .addSelect('case.scheme', 'scheme')
    .addSelect('case.status', 'status')
    .addSelect('case.regionCode', 'regionCode')
    .addSelect('member.relation', 'relation')
    .where('member.personKey IN (:...keys)', { keys });
  scope.restrict(q, 'case.regionCode');
  whereRegion(q, 'case.regionCode', args.regionCode);
  const rows = await q.getRawMany<Record<(typeof MEMBERSHIP_COLUMNS)[number], unknown>>();
  return toFactTable(MEMBERSHIP_COLUMNS, rows.map((r) => ({ ...r, beneficiaryId: String(r.beneficiaryId) })));
}

const RELIEF_PAYMENT_COLUMNS = ['beneficiaryId', 'month', 'paidOn', 'amount'] as const;

/** Relief payments of these cases, optionally of a month range. */
export async function reliefPaymentFacts(
  dataSource: DataSource,
  scope: RegionScope,
  args: { beneficiaryIds: readonly string[]; fromMonth?: string | null; toMonth?: string | null },
): Promise<FactTable> {
  const ids = checkKeyList(args.beneficiaryIds, 'beneficiaryIds', checkNumericId);
  if (ids.length === 0) return toFactTable(RELIEF_PAYMENT_COLUMNS, []);
  const q = dataSource
    .getRepository(ReliefPaymentEntity)
    .createQueryBuilder('payment')
    .select('payment.beneficiaryId', 'beneficiaryId')
    .addSelect('payment.month', 'month')
    .addSelect('payment.paidOn', 'paidOn')
    .addSelect('payment.amount', 'amount')
    .where('payment.beneficiaryId IN (:...ids)', { ids });
  scope.restrict(q, 'payment.regionCode');
  whereBetween(q, 'payment.month', args.fromMonth ? checkMonth(args.fromMonth, 'fromMonth') : null, args.toMonth ? checkMonth(args.toMonth, 'toMonth') : null);
  const rows = await q.getRawMany<Record<(typeof RELIEF_PAYMENT_COLUMNS)[number], unknown>>();
  return toFactTable(RELIEF_PAYMENT_COLUMNS, rows.map((r) => ({ ...r, beneficiaryId: String(r.beneficiaryId), paidOn: String(r.paidOn).slice(0, 10), amount: Number(r.amount) })));
}
