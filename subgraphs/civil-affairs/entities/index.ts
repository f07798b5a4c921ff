import { HouseholdEntity } from './household';
import { HouseholdMemberEntity } from './household-member';
import { BeneficiaryEntity } from './beneficiary';
import { ReliefPaymentEntity } from './relief-payment';
import { DeathRecordEntity } from './death-record';

export const civilAffairsEntities = [
  HouseholdEntity,
  HouseholdMemberEntity,
  BeneficiaryEntity,
  ReliefPaymentEntity,
  DeathRecordEntity,
];
