import { AlertEntity } from './alert';
import { ComplaintEntity } from './complaint';
import { LeadEntity } from './lead';
import { LeadEventEntity } from './lead-event';
import { PayrollBatchEntity } from './payroll-batch';
import { PayrollBatchLineEntity } from './payroll-batch-line';
import { RuleRunEntity } from './rule-run';
import { WatchRuleEntity } from './watch-rule';
import { WebhookEntity } from './webhook';
import { WebhookDeliveryEntity } from './webhook-delivery';

export const casesEntities = [
  PayrollBatchEntity,
  PayrollBatchLineEntity,
  LeadEntity,
  LeadEventEntity,
  ComplaintEntity,
  WatchRuleEntity,
  RuleRunEntity,
  AlertEntity,
  WebhookEntity,
  WebhookDeliveryEntity,
];
