import type { DataSource } from 'typeorm';

import { groupLoaderByColumn, loaderByColumn } from '../common/loaders';
import type { RegionScope } from '../common/region-scope';
import { BudgetEntity } from './entities/budget';
import { PaymentEntity } from './entities/payment';
import { PayrollLineEntity } from './entities/payroll-line';

/** Per-request batch loaders: one statement per type per level of a query. */
export function createFinanceLoaders(dataSource: DataSource, scope: RegionScope) {
  const inScope = { scope, expression: 'row.regionCode' };
  const repo = dataSource.getRepository.bind(dataSource);
  return {
    budgetById: loaderByColumn(repo(BudgetEntity), 'id'),
    budgetsByOrg: groupLoaderByColumn(repo(BudgetEntity), 'orgUscc'),
    payrollByPerson: groupLoaderByColumn(repo(PayrollLineEntity), 'personKey', inScope),
    paymentsByPayee: groupLoaderByColumn(repo(PaymentEntity), 'payeePersonKey', inScope),
  };
}

export type FinanceLoaders = ReturnType<typeof createFinanceLoaders>;
