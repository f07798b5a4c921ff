import { checkMonth, checkPersonKey, checkUscc, regionLike } from '../common/arguments';
import { paginate } from '../common/pagination';
import { DateScalar } from '../common/scalars';
import { inRange } from '../common/ranges';
import type { Resolvers } from './generated/resolvers-types';
import { BudgetEntity } from './entities/budget';
import { PaymentEntity } from './entities/payment';
import { PayrollLineEntity } from './entities/payroll-line';

export const resolvers: Resolvers = {
  Date: DateScalar,

  Query: {
    budgets: (_, { filter, first, after }, { dataSource, maxPageSize }) => {
      const q = dataSource.getRepository(BudgetEntity).createQueryBuilder('budget');
      if (filter?.orgUscc) q.andWhere('budget.orgUscc = :org', { org: checkUscc(filter.orgUscc, 'orgUscc') });
      if (filter?.year != null) q.andWhere('budget.year = :year', { year: filter.year });
      if (filter?.regionCode) q.andWhere('budget.regionCode LIKE :region', { region: regionLike(filter.regionCode) });
      return paginate(q, { first, after }, maxPageSize);
    },

    payments: (_, { filter, first, after }, { dataSource, maxPageSize }) => {
      const q = dataSource.getRepository(PaymentEntity).createQueryBuilder('payment');
      if (filter?.orgUscc) q.andWhere('payment.orgUscc = :org', { org: checkUscc(filter.orgUscc, 'orgUscc') });
      if (filter?.regionCode) q.andWhere('payment.regionCode LIKE :region', { region: regionLike(filter.regionCode) });
      if (filter?.category) q.andWhere('payment.category = :category', { category: filter.category });
      if (filter?.payeePersonKey) q.andWhere('payment.payeePersonKey = :payee', { payee: checkPersonKey(filter.payeePersonKey, 'payeePersonKey') });
      if (filter?.from) q.andWhere('payment.paidOn >= :from', { from: filter.from });
      if (filter?.to) q.andWhere('payment.paidOn <= :to', { to: filter.to });
      return paginate(q, { first, after }, maxPageSize);
    },

    payrollLines: (_, { filter, first, after }, { dataSource, maxPageSize }) => {
      const q = dataSource.getRepository(PayrollLineEntity).createQueryBuilder('line');
      if (filter?.month) q.andWhere('line.month = :month', { month: checkMonth(filter.month) });
      if (filter?.orgUscc) q.andWhere('line.orgUscc = :org', { org: checkUscc(filter.orgUscc, 'orgUscc') });
      if (filter?.regionCode) q.andWhere('line.regionCode LIKE :region', { region: regionLike(filter.regionCode) });
      if (filter?.personKey) q.andWhere('line.personKey = :key', { key: checkPersonKey(filter.personKey) });
      return paginate(q, { first, after }, maxPageSize);
    },
  },

  Org: {
    __resolveReference: (ref) => ({ uscc: ref.uscc }),
    budgets: async (org, { year }, { loaders }) => {
      const budgets = await loaders.budgetsByOrg.load(org.uscc);
      return year == null ? budgets : budgets.filter((b) => b.year === year);
    },
    payments: (org, { filter, first, after }, { dataSource, maxPageSize }) => {
      const q = dataSource.getRepository(PaymentEntity).createQueryBuilder('payment').where('payment.orgUscc = :org', { org: org.uscc });
      if (filter?.category) q.andWhere('payment.category = :category', { category: filter.category });
      if (filter?.from) q.andWhere('payment.paidOn >= :from', { from: filter.from });
      if (filter?.to) q.andWhere('payment.paidOn <= :to', { to: filter.to });
      return paginate(q, { first, after }, maxPageSize);
    },
    payroll: (org, { month, first, after }, { dataSource, maxPageSize }) => {
      const q = dataSource
        .getRepository(PayrollLineEntity)
        .createQueryBuilder('line')
        .where('line.orgUscc = :org AND line.month = :month', { org: org.uscc, month: checkMonth(month) });
      return paginate(q, { first, after }, maxPageSize);
    },
  },

  Person: {
    __resolveReference: (ref) => ({ personKey: ref.personKey }),
    payrollLines: async (person, { fromMonth, toMonth }, { loaders }) => {
      const lines = await loaders.payrollByPerson.load(person.personKey);
      const from = fromMonth ? checkMonth(fromMonth, 'fromMonth') : null;
      const to = toMonth ? checkMonth(toMonth, 'toMonth') : null;
      return lines.filter((line) => inRange(line.month, from, to));
    },
    paymentsReceived: async (person, { from, to }, { loaders }) => {
      const payments = await loaders.paymentsByPayee.load(person.personKey);
      return payments.filter((p) => inRange(p.paidOn, from ?? null, to ?? null));
    },
  },

  Budget: {
    org: (budget) => ({ uscc: budget.orgUscc }),
  },

  Payment: {
    org: (payment) => ({ uscc: payment.orgUscc }),
    payee: (payment) => (payment.payeePersonKey ? { personKey: payment.payeePersonKey } : null),
    budget: (payment, _, { loaders }) => (payment.budgetId === null ? null : loaders.budgetById.load(payment.budgetId)),
  },

  PayrollLine: {
    org: (line) => ({ uscc: line.orgUscc }),
    person: (line) => ({ personKey: line.personKey }),
  },
};
