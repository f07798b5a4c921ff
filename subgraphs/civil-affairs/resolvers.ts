import { checkMonth, checkNumericId, regionLike } from '../common/arguments';
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
      if (filter?.regionCode) q.andWhere('case.regionCode LIKE :region', { region: regionLike(filter.regionCode) });
      if (filter?.scheme) q.andWhere('case.scheme = :scheme', { scheme: filter.scheme });
      if (filter?.status) q.andWhere('case.status = :status', { status: filter.status });
      if (filter?.approvedFrom) q.andWhere('case.approvedOn >= :from', { from: filter.approvedFrom });
      if (filter?.approvedTo) q.andWhere('case.approvedOn <= :to', { to: filter.approvedTo });
      return paginate(q, { first, after }, maxPageSize);
    },

    beneficiary: (_, { id }, { loaders }) => loaders.beneficiaryById.load(checkNumericId(id)),

    households: (_, { filter, first, after }, { dataSource, maxPageSize }) => {
      const q = dataSource.getRepository(HouseholdEntity).createQueryBuilder('household');
      if (filter?.regionCode) q.andWhere('household.regionCode LIKE :region', { region: regionLike(filter.regionCode) });
      return paginate(q, { first, after }, maxPageSize);
    },

    deathRecords: (_, { filter, first, after }, { dataSource, maxPageSize }) => {
      const q = dataSource.getRepository(DeathRecordEntity).createQueryBuilder('death');
      if (filter?.regionCode) q.andWhere('death.regionCode LIKE :region', { region: regionLike(filter.regionCode) });
      if (filter?.from) q.andWhere('death.diedOn >= :from', { from: filter.from });
      if (filter?.to) q.andWhere('death.diedOn <= :to', { to: filter.to });
      return paginate(q, { first, after }, maxPageSize);
    },

    reliefPayments: (_, { filter, first, after }, { dataSource, maxPageSize }) => {
      const q = dataSource.getRepository(ReliefPaymentEntity).createQueryBuilder('payment');
      if (filter?.regionCode) q.andWhere('payment.regionCode LIKE :region', { region: regionLike(filter.regionCode) });
      if (filter?.month) q.andWhere('payment.month = :month', { month: checkMonth(filter.month) });
      if (filter?.from) q.andWhere('payment.paidOn >= :from', { from: filter.from });
      if (filter?.to) q.andWhere('payment.paidOn <= :to', { to: filter.to });
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
