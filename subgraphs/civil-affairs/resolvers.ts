import { checkMonth, checkNumericId } from '../common/arguments';
import { whereBetween, whereEquals, whereRegion } from '../common/filters';
import { required } from '../common/references';
import { paginate } from '../common/pagination';
import { inRange } from '../common/ranges';
import { DateScalar } from '../common/scalars';
import type { Resolvers } from './generated/resolvers-types';
import { HouseholdEntity } from './entities/household';
import { BeneficiaryEntity } from './entities/beneficiary';
import { ReliefPaymentEntity } from './entities/relief-payment';
import { DeathRecordEntity } from './entities/death-record';

export const resolvers: Resolvers = {
  Date: DateScalar,

  Query: {
    beneficiaries: (_, { filter, first, after }, { dataSource, maxPageSize }) => {
      const q = dataSource.getRepository(BeneficiaryEntity).createQueryBuilder('case');
      whereRegion(q, 'case.regionCode', filter?.regionCode);
      whereEquals(q, 'case.scheme', filter?.scheme);
      whereEquals(q, 'case.status', filter?.status);
      whereBetween(q, 'case.approvedOn', filter?.approvedFrom, filter?.approvedTo);
      return paginate(q, { first, after }, maxPageSize);
    },

    beneficiary: (_, { id }, { loaders }) => loaders.beneficiaryById.load(checkNumericId(id)),

    households: (_, { filter, first, after }, { dataSource, maxPageSize }) => {
      const q = dataSource.getRepository(HouseholdEntity).createQueryBuilder('household');
      whereRegion(q, 'household.regionCode', filter?.regionCode);
      return paginate(q, { first, after }, maxPageSize);
    },

    deathRecords: (_, { filter, first, after }, { dataSource, maxPageSize }) => {
      const q = dataSource.getRepository(DeathRecordEntity).createQueryBuilder('death');
      whereRegion(q, 'death.regionCode', filter?.regionCode);
      whereBetween(q, 'death.diedOn', filter?.from, filter?.to);
      return paginate(q, { first, after }, maxPageSize);
    },

    reliefPayments: (_, { filter, first, after }, { dataSource, maxPageSize }) => {
      const q = dataSource.getRepository(ReliefPaymentEntity).createQueryBuilder('payment');
      whereRegion(q, 'payment.regionCode', filter?.regionCode);
      whereEquals(q, 'payment.month', filter?.month, (v) => checkMonth(v));
      whereBetween(q, 'payment.paidOn', filter?.from, filter?.to);
      return paginate(q, { first, after }, maxPageSize);
    },
  },

  Person: {
    __resolveReference: (ref) => ({ personKey: ref.personKey }),
    reliefMemberships: (person, _, { loaders }) => loaders.membersByPersonKey.load(person.personKey),
    deathRecord: (person, _, { loaders }) => loaders.deathByPersonKey.load(person.personKey),
  },

  Household: {
    members: (household, _, { loaders }) => loaders.membersByHousehold.load(household.id),
    cases: (household, _, { loaders }) => loaders.casesByHousehold.load(household.id),
  },

  HouseholdMember: {
    household: (member, _, { loaders }) => required(loaders.householdById.load(member.householdId)),
    person: (member) => ({ personKey: member.personKey }),
  },

  Beneficiary: {
    household: (beneficiary, _, { loaders }) => required(loaders.householdById.load(beneficiary.householdId)),
    members: (beneficiary, _, { loaders }) => loaders.membersByHousehold.load(beneficiary.householdId),
    payments: async (beneficiary, { fromMonth, toMonth }, { loaders }) => {
      const payments = await loaders.paymentsByBeneficiary.load(beneficiary.id);
      const from = fromMonth ? checkMonth(fromMonth, 'fromMonth') : null;
      const to = toMonth ? checkMonth(toMonth, 'toMonth') : null;
      return payments.filter((p) => inRange(p.month, from, to));
    },
  },

  ReliefPayment: {
    beneficiary: (payment, _, { loaders }) => required(loaders.beneficiaryById.load(payment.beneficiaryId)),
  },

  DeathRecord: {
    person: (death) => ({ personKey: death.personKey }),
  },
};
