/** What finance resolvers return for each GraphQL type (codegen mappers). */
import type { Connection } from '../common/pagination';
import type { BudgetEntity } from './entities/budget';
import type { PaymentEntity } from './entities/payment';
import type { PayrollLineEntity } from './entities/payroll-line';

/** Bodies and people are owned by staffing; finance knows them by key only. */
export interface OrgModel {
  uscc: string;
}
export interface PersonModel {
  personKey: string;
}
export type { BudgetEntity as BudgetModel } from './entities/budget';
export type { PaymentEntity as PaymentModel } from './entities/payment';
export type { PayrollLineEntity as PayrollLineModel } from './entities/payroll-line';
export type BudgetConnectionModel = Connection<BudgetEntity>;
export type PaymentConnectionModel = Connection<PaymentEntity>;
export type PayrollLineConnectionModel = Connection<PayrollLineEntity>;
