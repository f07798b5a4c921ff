import { BudgetEntity } from './budget';
import { PaymentEntity } from './payment';
import { PayrollLineEntity } from './payroll-line';

export const financeEntities = [BudgetEntity, PaymentEntity, PayrollLineEntity];
