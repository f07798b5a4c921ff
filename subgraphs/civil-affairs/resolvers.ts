import { checkMonth, checkNumericId } from '../../common/arguments';
import { FactTableScalar } from '../../common/fact-table';
import { whereBetween, whereEquals, whereRegion } from '../common/filters';
import { paginate } from '../common/pagination';
import { inRange } from '../common/ranges';
import { required } from '../common/references';
import { DateScalar } from '../common/scalars';
import { BeneficiaryEntity } from './entities/beneficiary';
import { DeathRecordEntity } from './entities/death-record';
import { HouseholdEntity } from './entities/household';
import { ReliefPaymentEntity } from './entities/relief-payment';
import { deathFacts, reliefMembershipFacts, reliefPaymentFacts } from './facts';
import type { Resolvers } from './generated/resolvers-types';

export const resolvers: Resolvers = {
  Date: DateScalar,
  FactTable: FactTableScalar,

  Query: {
    beneficiaries: (_, { filter, first, after }, { dataSource, maxPageSize, scope }) => {
      const q = scope.restrict(
        dataSource.getRepository(BeneficiaryEntity).createQueryBuilder('case'),
        'case.regionCode',
      );
      whereRegion(q, 'case.regionCode', filter?.regionCode);
      whereEquals(q, 'case.scheme', filter?.scheme);
      whereEquals(q, 'case.status', filter?.status);
      whereBetween(q, 'case.approvedOn', filter?.approvedFrom, filter?.approvedTo);
      return paginate(q, { first, after }, maxPageSize);
    },

    beneficiary: async (_, { id }, { loaders, scope }) =>
      scope.check(await loaders.beneficiaryById.load(checkNumericId(id)), 'beneficiary'),

    households: (_, { filter, first, after }, { dataSource, maxPageSize, scope }) => {
      const q = scope.restrict(
        dataSource.getRepository(HouseholdEntity).createQueryBuilder('household'),
        'household.regionCode',
      );
      whereRegion(q, 'household.regionCode', filter?.regionCode);
      return paginate(q, { first, after }, maxPageSize);
    },

    deathRecords: (_, { filter, first, after }, { dataSource, maxPageSize, scope }) => {
      const q = scope.restrict(
        dataSource.getRepository(DeathRecordEntity).createQueryBuilder('death'),
        'death.regionCode',
      );
      whereRegion(q, 'death.regionCode', filter?.regionCode);
      whereBetween(q, 'death.diedOn', filter?.from, filter?.to);
      return paginate(q, { first, after }, maxPageSize);
    },

    reliefPayments: (_, { filter, first, after }, { dataSource, maxPageSize, scope }) => {
      const q = scope.restrict(
        dataSource.getRepository(ReliefPaymentEntity).createQueryBuilder('payment'),
        'payment.regionCode',
      );
      whereRegion(q, 'payment.regionCode', filter?.regionCode);
      whereEquals(q, 'payment.month', filter?.month, (v) => checkMonth(v));
      whereBetween(q, 'payment.paidOn', filter?.from, filter?.to);
      return paginate(q, { first, after }, maxPageSize);
    },

    deathFacts: (_, args, { dataSource, scope }) => deathFacts(dataSource, scope, args),
    reliefMembershipFacts: (_, args, { dataSource, scope }) => reliefMembershipFacts(dataSource, scope, args),
    reliefPaymentFacts: (_, args, { dataSource, scope }) => reliefPaymentFacts(dataSource, scope, args),
  },

  Person: {
    __resolveReference: (ref) => ({ personKey: ref.personKey }),
    reliefMemberships: (person, _, { loaders }) => loaders.membersByPersonKey.load(person.personKey),
    deathRecord: async (person, _, { loaders, scope }) =>
      scope.check(await loaders.deathByPersonKey.load(person.personKey), 'death record'),
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
