import { checkMonth, checkNumericId, checkRegionCode } from '../../common/arguments';
import { paginate } from '../common/pagination';
import { DateScalar } from '../common/scalars';
import type {
  CaseEventType,
  LeadSource,
  LeadStatistics,
  PersonStatus,
  Resolvers,
  RuleCheck,
  WebhookDeliveryState,
} from './generated/resolvers-types';
import { isOverdue, todayUtc, type LeadState } from './leads/lifecycle';
import { subscriptionResolvers } from './notifications/subscriptions';
import type { LineWarningDetail } from './pre-payment/batch-store';
import { checkPayrollBatch } from './pre-payment/check-payroll-batch';
import type { PayrollWarningKind, QuotaWarning } from './pre-payment/payroll-warnings';

const org = (uscc: string) => ({ uscc });
/** A warned line's detail, parsed once per line however many of its fields are asked for. */
const details = new WeakMap<object, LineWarningDetail | null>();
function detail(line: { detail: string | null }): LineWarningDetail | null {
  if (!details.has(line)) details.set(line, line.detail ? (JSON.parse(line.detail) as LineWarningDetail) : null);
  return details.get(line)!;
}

export const resolvers: Resolvers = {
  Date: DateScalar,

  Subscription: subscriptionResolvers,

  Query: {
    payrollBatchCheck: (_, { id }, { store, scope }) => store.find(checkNumericId(id), scope),
    payrollBatchChecks: (_, { regionCode, month, first, after }, { store, scope, maxPageSize }) =>
      paginate(
        store.batches(scope, {
          regionCode: regionCode ? checkRegionCode(regionCode) : null,
          month: month ? checkMonth(month) : null,
        }),
        { first, after },
        maxPageSize,
      ),
    lead: (_, { id }, { leadStore, scope }) => leadStore.find(checkNumericId(id), scope),
    leads: (_, { regionCode, states, kind, overdueOn, first, after }, { leadStore, scope, maxPageSize }) =>
      paginate(
        leadStore.leads(scope, {
          regionCode: regionCode ? checkRegionCode(regionCode) : null,
          states: states ?? null,
          kind: kind ?? null,
          overdueOn: overdueOn ?? null,
        }),
        { first, after },
        maxPageSize,
      ),
    leadStatistics: (_, { regionCode }, { leadStore, scope }) =>
      leadStore.statistics(
        scope,
        regionCode ? checkRegionCode(regionCode) : null,
        todayUtc(),
      ) as Promise<LeadStatistics>,
    complaintStatus: (_, { trackingNumber, secret }, { complaints }) => complaints.status(trackingNumber, secret),
    watchRules: (_, { regionCode }, { rules }) => rules.rules(regionCode ?? null),
    alerts: (_, { ruleId, first, after }, { rules, maxPageSize }) =>
      paginate(rules.alerts(ruleId), { first, after }, maxPageSize),
    webhooks: (_, { regionCode }, { webhooks }) => webhooks.list(regionCode),
  },

  Mutation: {
    registerWebhook: (_, { input }, { webhooks }) => webhooks.register(input),
    setWebhookActive: (_, { id, active }, { webhooks }) => webhooks.setActive(id, active),
    checkPayrollBatch: (_, { input }, { access, scope, sources, store }) =>
      checkPayrollBatch(input, access, scope, sources, store),
    registerLead: (_, { input }, { leads }) => leads.register(input),
    assignLead: (_, { id, orgUscc, deadline, note }, { leads }) => leads.assign(id, orgUscc, deadline, note),
    startLeadVerification: (_, { id, note }, { leads }) => leads.verify(id, note),
    confirmLead: (_, { id, note }, { leads }) => leads.confirm(id, note),
    submitRectification: (_, { id, input }, { leads }) => leads.rectify(id, input),
    closeLead: (_, { id, note }, { leads }) => leads.close(id, note),
    returnLead: (_, { id, reason }, { leads }) => leads.return(id, reason),
    escalateOverdueLeads: (_, { asOf }, { leads }) => leads.escalateOverdue(asOf),
    fileComplaint: async (_, { input }, { complaints }) => ({ trackingNumber: await complaints.file(input) }),
    createWatchRule: (_, { input }, { rules }) => rules.create(input),
    setWatchRuleActive: (_, { id, active }, { rules }) => rules.setActive(id, active),
    runWatchRule: (_, { id }, { rules }) => rules.runNow(id),
    replyToComplaint: async (_, { leadId, reply }, { leads, complaints }) => {
      const lead = await leads.forReply(leadId);
      await complaints.reply(lead.id, reply);
      return lead;
    },
  },

  Lead: {
    id: (lead) => String(lead.id),
    // Written only from the lifecycle's own values (the same as the schema's enums).
    source: (lead) => lead.source as LeadSource,
    state: (lead) => lead.state as LeadState,
    org: (lead) => (lead.orgUscc ? org(lead.orgUscc) : null),
    person: (lead) => (lead.personKey ? { personKey: lead.personKey } : null),
    overdue: (lead) => isOverdue(lead, todayUtc()),
    steps: (lead, _, { leadStore }) => leadStore.events(lead.id),
  },
  WatchRule: {
    id: (rule) => String(rule.id),
    check: (rule) => rule.check as RuleCheck,
    org: (rule) => (rule.orgUscc ? org(rule.orgUscc) : null),
    minAmount: (rule) => (rule.minAmount === null ? null : Number(rule.minAmount)),
    runs: (rule, { last }, { rules }) => rules.runs(rule.id, last ?? 10),
  },
  RuleRun: { id: (run) => String(run.id) },
  Webhook: {
    id: (hook) => String(hook.id),
    events: (hook) => hook.events.split(',') as CaseEventType[],
    org: (hook) => (hook.orgUscc ? org(hook.orgUscc) : null),
    deliveries: (hook, { states, first, after }, { webhooks, maxPageSize }) =>
      paginate(webhooks.deliveries(hook.id, states), { first, after }, maxPageSize),
  },
  WebhookDelivery: {
    id: (delivery) => String(delivery.id),
    eventType: (delivery) => delivery.eventType as CaseEventType,
    state: (delivery) => delivery.state as WebhookDeliveryState,
  },
  Alert: {
    id: (alert) => String(alert.id),
    rule: (alert, _, { rules }) => rules.ruleOf(alert.ruleId),
    org: (alert) => (alert.orgUscc ? org(alert.orgUscc) : null),
    person: (alert) => (alert.personKey ? { personKey: alert.personKey } : null),
    lead: async (alert, _, { leadStore, scope }) => (await leadStore.find(alert.leadId, scope))!,
  },
  LeadStep: {
    fromState: (step) => step.fromState as LeadState | null,
    toState: (step) => step.toState as LeadState,
    documents: (step) => (step.documents ? (JSON.parse(step.documents) as string[]) : []),
  },

  PayrollBatchCheck: {
    id: (batch) => String(batch.id),
    summary: (batch) => JSON.parse(batch.summary) as Array<{ kind: PayrollWarningKind; lines: number; amount: number }>,
    overQuota: (batch) => JSON.parse(batch.overQuota) as QuotaWarning[],
    warnings: (batch, { kinds, first, after }, { store, maxPageSize }) =>
      paginate(store.warnedLines(batch.id, kinds), { first, after }, maxPageSize),
  },
  QuotaWarning: {
    org: (q) => org(q.orgUscc),
  },
  PayrollLineWarning: {
    kinds: (line) => line.warnings.split(',').filter(Boolean) as PayrollWarningKind[],
    org: (line) => org(line.orgUscc),
    // Someone on no roll the caller can read has no Person to resolve: say so here rather than ask staffing.
    person: (line) => (detail(line)?.rollOrgUscc ? { personKey: line.personKey } : null),
    rollOrg: (line) => {
      const uscc = detail(line)?.rollOrgUscc;
      return uscc ? org(uscc) : null;
    },
    // Roll statuses come from staffing's own enum, the same values this schema declares.
    status: (line) => (detail(line)?.status ?? null) as PersonStatus | null,
    statusDate: (line) => detail(line)?.statusDate ?? null,
    diedOn: (line) => detail(line)?.diedOn ?? null,
    otherPayers: (line) => (detail(line)?.otherPayers ?? []).map(org),
  },
};
