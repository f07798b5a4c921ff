/** What civil-affairs resolvers return for each GraphQL type (codegen mappers). */
import type { Connection } from '../common/pagination';
import type { BeneficiaryEntity } from './entities/beneficiary';
import type { DeathRecordEntity } from './entities/death-record';
import type { HouseholdEntity } from './entities/household';
import type { ReliefPaymentEntity } from './entities/relief-payment';

/** People are owned by staffing; civil affairs knows them by key only. */
export interface PersonModel {
  personKey: string;
}
export type { HouseholdEntity as HouseholdModel } from './entities/household';
export type { HouseholdMemberEntity as HouseholdMemberModel } from './entities/household-member';
export type { BeneficiaryEntity as BeneficiaryModel } from './entities/beneficiary';
export type { ReliefPaymentEntity as ReliefPaymentModel } from './entities/relief-payment';
export type { DeathRecordEntity as DeathRecordModel } from './entities/death-record';
export type HouseholdConnectionModel = Connection<HouseholdEntity>;
export type BeneficiaryConnectionModel = Connection<BeneficiaryEntity>;
export type ReliefPaymentConnectionModel = Connection<ReliefPaymentEntity>;
export type DeathRecordConnectionModel = Connection<DeathRecordEntity>;
