import type { DataSource } from 'typeorm';

import type { BaseSubgraphContext } from '../common/context';
import type { Sources } from '../supervision/sources';
import type { ComplaintDesk } from './complaints/complaint-desk';
import type { LeadService } from './leads/lead-service';
import type { LeadStore } from './leads/lead-store';
import type { CaseEvents } from './notifications/case-events';
import type { WebhookService } from './notifications/webhook-service';
import type { BatchStore } from './pre-payment/batch-store';
import type { RuleService } from './rules/rule-service';

export interface Context extends BaseSubgraphContext {
  dataSource: DataSource;
  /** What subscriptions listen to. */
  events: CaseEvents;
  store: BatchStore;
  leadStore: LeadStore;
  /** The lead workflow as this caller may work it. */
  leads: LeadService;
  complaints: ComplaintDesk;
  /** Watch rules as this caller may define and run them. */
  rules: RuleService;
  /** Partner webhooks as this caller may register and follow them. */
  webhooks: WebhookService;
  /** The systems as this caller sees them. */
  sources: Sources;
}
