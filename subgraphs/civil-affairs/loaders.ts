import type { DataSource } from 'typeorm';

import { groupLoaderByColumn, loaderByColumn } from '../common/loaders';
import type { RegionScope } from '../common/region-scope';
import { BeneficiaryEntity } from './entities/beneficiary';
import { DeathRecordEntity } from './entities/death-record';
import { HouseholdEntity } from './entities/household';
import { HouseholdMemberEntity } from './entities/household-member';
import { ReliefPaymentEntity } from './entities/relief-payment';

/** Per-request batch loaders: one statement per type per level of a query. */
export function createCivilAffairsLoaders(dataSource: DataSource, scope: RegionScope) {
  const repo = dataSource.getRepository.bind(dataSource);
  const inScope = { scope, expression: 'row.regionCode' };
  // Members carry no region of their own: they are in scope when their household is.
  const householdInScope = {
    scope,
    expression: '(SELECT h.region_code FROM household h WHERE h.id = row.householdId)',
  };
  return {
    householdById: loaderByColumn(repo(HouseholdEntity), 'id'),
    membersByHousehold: groupLoaderByColumn(repo(HouseholdMemberEntity), 'householdId', householdInScope),
    membersByPersonKey: groupLoaderByColumn(repo(HouseholdMemberEntity), 'personKey', householdInScope),
    beneficiaryById: loaderByColumn(repo(BeneficiaryEntity), 'id'),
    casesByHousehold: groupLoaderByColumn(repo(BeneficiaryEntity), 'householdId', inScope),
    paymentsByBeneficiary: groupLoaderByColumn(repo(ReliefPaymentEntity), 'beneficiaryId', inScope),
    deathByPersonKey: loaderByColumn(repo(DeathRecordEntity), 'personKey'),
  };
}

export type CivilAffairsLoaders = ReturnType<typeof createCivilAffairsLoaders>;
