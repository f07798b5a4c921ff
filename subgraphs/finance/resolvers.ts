import { checkMonth, checkPersonKey, checkUscc } from '../../common/arguments';
import { FactTableScalar } from '../../common/fact-table';
import { amountBand } from '../common/amount-band';
import { whereBetween, whereEquals, whereRegion } from '../common/filters';
import { paginate } from '../common/pagination';
import { inRange } from '../common/ranges';
import { DateScalar } from '../common/scalars';
import { BudgetEntity } from './entities/budget';
import { PaymentEntity } from './entities/payment';
import { PayrollLineEntity } from './entities/payroll-line';
import { payeeFacts, payrollFacts, reimbursementFacts } from './facts';
import type { Resolvers } from './generated/resolvers-types';

export const resolvers: Resolvers = {
  Date: DateScalar,
  FactTable: FactTableScalar,

  Query: {
    budgets: (_, { filter, first, after }, { dataSource, maxPageSize }) => {
      const q = dataSource.getRepository(BudgetEntity).createQueryBuilder('budget');
      whereEquals(q, 'budget.orgUscc', filter?.orgUscc, (v) => checkUscc(v, 'orgUscc'));
      whereEquals(q, 'budget.year', filter?.year);
      whereRegion(q, 'budget.regionCode', filter?.regionCode);
      return paginate(q, { first, after }, maxPageSize);
    },

    payments: (_, { filter, first, after }, { dataSource, maxPageSize, scope }) => {
      const q = scope.restrict(
        dataSource.getRepository(PaymentEntity).createQueryBuilder('payment'),
        'payment.regionCode',
      );
      whereEquals(q, 'payment.orgUscc', filter?.orgUscc, (v) => checkUscc(v, 'orgUscc'));
      whereRegion(q, 'payment.regionCode', filter?.regionCode);
      whereEquals(q, 'payment.category', filter?.category);
      whereEquals(q, 'payment.payeePersonKey', filter?.payeePersonKey, (v) => checkPersonKey(v, 'payeePersonKey'));
      whereBetween(q, 'payment.paidOn', filter?.from, filter?.to);
      return paginate(q, { first, after }, maxPageSize);
    },

    payrollLines: (_, { filter, first, after }, { dataSource, maxPageSize, scope }) => {
      const q = scope.restrict(
        dataSource.getRepository(PayrollLineEntity).createQueryBuilder('line'),
        'line.regionCode',
      );
      whereEquals(q, 'line.month', filter?.month, (v) => checkMonth(v));
      whereEquals(q, 'line.orgUscc', filter?.orgUscc, (v) => checkUscc(v, 'orgUscc'));
      whereRegion(q, 'line.regionCode', filter?.regionCode);
      whereEquals(q, 'line.personKey', filter?.personKey, (v) => checkPersonKey(v));
      return paginate(q, { first, after }, maxPageSize);
    },

    payrollFacts: (_, args, { dataSource, scope }) => payrollFacts(dataSource, scope, args),
    payeeFacts: (_, args, { dataSource, scope }) => payeeFacts(dataSource, scope, args),
    reimbursementFacts: (_, args, { dataSource, scope }) => reimbursementFacts(dataSource, scope, args),
  },

  Org: {
    __resolveReference: (ref) => ({ uscc: ref.uscc }),
    budgets: async (org, { year }, { loaders }) => {
      const budgets = await loaders.budgetsByOrg.load(org.uscc);
      return year == null ? budgets : budgets.filter((b) => b.year === year);
    },
    payments: (org, { filter, first, after }, { dataSource, maxPageSize, scope }) => {
      const q = dataSource
        .getRepository(PaymentEntity)
        .createQueryBuilder('payment')
        .where('payment.orgUscc = :org', { org: org.uscc });
      scope.restrict(q, 'payment.regionCode');
      whereEquals(q, 'payment.category', filter?.category);
      whereBetween(q, 'payment.paidOn', filter?.from, filter?.to);
      return paginate(q, { first, after }, maxPageSize);
    },
    payroll: (org, { month, first, after }, { dataSource, maxPageSize, scope }) => {
      const q = dataSource
        .getRepository(PayrollLineEntity)
        .createQueryBuilder('line')
        .where('line.orgUscc = :org AND line.month = :month', { org: org.uscc, month: checkMonth(month) });
      scope.restrict(q, 'line.regionCode');
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
    amountBand: (payment) => amountBand(payment.amount),
  },

  PayrollLine: {
    org: (line) => ({ uscc: line.orgUscc }),
    person: (line) => ({ personKey: line.personKey }),
    grossBand: (line) => amountBand(line.gross),
  },
};
