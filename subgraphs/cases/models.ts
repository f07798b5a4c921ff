/** What cases resolvers return for each GraphQL type (codegen mappers). */
import type { Connection } from '../common/pagination';
import type { ComplaintStatus } from './complaints/complaint-desk';
import type { AlertEntity } from './entities/alert';
import type { LeadEntity } from './entities/lead';
import type { LeadEventEntity } from './entities/lead-event';
import type { PayrollBatchEntity } from './entities/payroll-batch';
import type { PayrollBatchLineEntity } from './entities/payroll-batch-line';
import type { RuleRunEntity } from './entities/rule-run';
import type { WatchRuleEntity } from './entities/watch-rule';
import type { WebhookEntity } from './entities/webhook';
import type { WebhookDeliveryEntity } from './entities/webhook-delivery';
import type { PayrollWarningKind, QuotaWarning } from './pre-payment/payroll-warnings';

/** Bodies and people are staffing's; this subgraph names them by key only. */
export interface OrgModel {
  uscc: string;
}
export interface PersonModel {
  personKey: string;
}
export type PayrollBatchCheckModel = PayrollBatchEntity;
export type PayrollLineWarningModel = PayrollBatchLineEntity;
export type PayrollWarningSummaryModel = { kind: PayrollWarningKind; lines: number; amount: number };
export type QuotaWarningModel = QuotaWarning;
export type PayrollLineWarningConnectionModel = Connection<PayrollBatchLineEntity>;
export type PayrollBatchCheckConnectionModel = Connection<PayrollBatchEntity>;
export type LeadModel = LeadEntity;
export type LeadStepModel = LeadEventEntity;
export type LeadConnectionModel = Connection<LeadEntity>;
export type ComplaintStatusModel = ComplaintStatus;
export type WatchRuleModel = WatchRuleEntity;
export type RuleRunModel = RuleRunEntity;
export type AlertModel = AlertEntity;
export type AlertConnectionModel = Connection<AlertEntity>;
export type WebhookModel = WebhookEntity;
export type RegisteredWebhookModel = { webhook: WebhookEntity; secret: string };
export type WebhookDeliveryModel = WebhookDeliveryEntity;
export type WebhookDeliveryConnectionModel = Connection<WebhookDeliveryEntity>;
