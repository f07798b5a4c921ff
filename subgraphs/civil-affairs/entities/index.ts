import { BeneficiaryEntity } from './beneficiary';
import { DeathRecordEntity } from './death-record';
import { HouseholdEntity } from './household';
import { HouseholdMemberEntity } from './household-member';
import { ReliefPaymentEntity } from './relief-payment';

export const civilAffairsEntities = [
  HouseholdEntity,
  HouseholdMemberEntity,
  BeneficiaryEntity,
  ReliefPaymentEntity,
  DeathRecordEntity,
];
