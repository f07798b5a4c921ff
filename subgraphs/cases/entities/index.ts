import { PayrollBatchEntity } from './payroll-batch';
import { PayrollBatchLineEntity } from './payroll-batch-line';

export const casesEntities = [PayrollBatchEntity, PayrollBatchLineEntity];
