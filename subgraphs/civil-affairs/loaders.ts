import type { DataSource } from 'typeorm';
import { groupLoaderByColumn, loaderByColumn } from '../common/loaders';
import { HouseholdEntity } from './entities/household';
import { HouseholdMemberEntity } from './entities/household-member';
import { BeneficiaryEntity } from './entities/beneficiary';
import { ReliefPaymentEntity } from './entities/relief-payment';
import { DeathRecordEntity } from './entities/death-record';

/** Per-request batch loaders: one statement per type per level of a query. */
export function createCivilAffairsLoaders(dataSource: DataSource) {
  const repo = dataSource.getRepository.bind(dataSource);
  return {
    householdById: loaderByColumn(repo(HouseholdEntity), 'id'),
    membersByHousehold: groupLoaderByColumn(repo(HouseholdMemberEntity), 'householdId'),
    membersByPersonKey: groupLoaderByColumn(repo(HouseholdMemberEntity), 'personKey'),
    beneficiaryById: loaderByColumn(repo(BeneficiaryEntity), 'id'),
    casesByHousehold: groupLoaderByColumn(repo(BeneficiaryEntity), 'householdId'),
    paymentsByBeneficiary: groupLoaderByColumn(repo(ReliefPaymentEntity), 'beneficiaryId'),
    deathByPersonKey: loaderByColumn(repo(DeathRecordEntity), 'personKey'),
  };
}

export type CivilAffairsLoaders = ReturnType<typeof createCivilAffairsLoaders>;
