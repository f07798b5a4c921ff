import { ComplaintEntity } from './complaint';
import { LeadEntity } from './lead';
import { LeadEventEntity } from './lead-event';
import { PayrollBatchEntity } from './payroll-batch';
import { PayrollBatchLineEntity } from './payroll-batch-line';

export const casesEntities = [PayrollBatchEntity, PayrollBatchLineEntity, LeadEntity, LeadEventEntity, ComplaintEntity];
