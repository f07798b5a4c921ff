import type { SubgraphAccess } from '../../../common/gateway-signature';
import { isRegionCode } from '../../../common/identifiers/region-code';
import { followUpAudits } from '../../supervision/checks/audit-follow-up';
import { checkMonthRange } from '../../supervision/checks/months';
import { checkReimbursements } from '../../supervision/checks/reimbursements';
import { crossCheckWelfare } from '../../supervision/checks/welfare';
import { reconcileHeadcount } from '../../supervision/headcount/reconcile-headcount';
import type { Sources } from '../../supervision/sources';
import type { WatchRuleEntity } from '../entities/watch-rule';

export const RULE_CHECKS = ['HEADCOUNT', 'WELFARE', 'REIMBURSEMENTS', 'AUDIT_FOLLOW_UP', 'WORKLOAD'] as const;
export type RuleCheck = (typeof RULE_CHECKS)[number];

/** What a rule found, with the key that names it across runs. */
export interface RuleFinding {
  key: string;
  kind: string;
  regionCode: string;
  orgUscc: string | null;
  personKey: string | null;
  amount: number | null;
  summary: string;
}

/** The access a rule runs with: a supervisor of the rule's region, named after the rule. */
export function ruleAccess(rule: Pick<WatchRuleEntity, 'id' | 'regionCode'>): SubgraphAccess {
  return {
    user: `rule:${rule.id}`,
    roles: ['supervisor'],
    clearance: 'RESTRICTED',
    regions: [rule.regionCode],
    purpose: `rule ${rule.id}`,
  };
}

/** A USCC carries its body's region in characters 3 to 8 (GB 32100). */
const regionOfBody = (uscc: string | null, fallback: string) => {
  const code = uscc?.slice(2, 8) ?? '';
  return isRegionCode(code) ? code : fallback;
};

/** The month before `date`, and the months before it, as a check's range. */
function lookback(date: Date, months: number) {
  const end = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - 1, 1));
  const start = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - months + 1, 1));
  return checkMonthRange(start.toISOString().slice(0, 7), end.toISOString().slice(0, 7));
}

/** Runs the rule's check now, with no cached result, and names each finding by what it is about. */
export async function findingsOf(rule: WatchRuleEntity, sources: Sources, now: Date): Promise<RuleFinding[]> {
  const scope = { orgUscc: rule.orgUscc, regionCode: rule.regionCode };
  const all = await (async (): Promise<RuleFinding[]> => {
    switch (rule.check as RuleCheck) {
      case 'HEADCOUNT': {
        const result = await reconcileHeadcount(sources, { ...scope, range: lookback(now, rule.lookbackMonths) });
        return result.mismatches.map((m) => ({
          key: `${m.kind}|${m.personKey}|${m.orgUscc ?? m.payingOrgs.join(',')}`,
          kind: m.kind,
          regionCode: regionOfBody(m.orgUscc ?? m.payingOrgs[0] ?? null, rule.regionCode),
          orgUscc: m.orgUscc ?? m.payingOrgs[0] ?? null,
          personKey: m.personKey,
          amount: m.amount,
          summary: `${m.kind}: ${m.months.join(', ') || 'no pay'} (${m.amount} yuan)`,
        }));
      }
      case 'WELFARE': {
        const result = await crossCheckWelfare(sources, { regionCode: rule.regionCode, range: null });
        return result.findings.map((f) => ({
          key: `${f.kind}|${f.caseNumber}|${f.personKey}`,
          kind: f.kind,
          regionCode: f.regionCode,
          orgUscc: f.employers[0] ?? null,
          personKey: f.personKey,
          amount: f.amount,
          summary: `${f.kind}: relief case ${f.caseNumber}, ${f.payments} payments (${f.amount} yuan)`,
        }));
      }
      case 'REIMBURSEMENTS': {
        const result = await checkReimbursements(sources, { ...scope, from: null, to: null });
        return result.findings.map((f) => ({
          key: `${f.kind}|${f.voucherNumber}`,
          kind: f.kind,
          regionCode: regionOfBody(f.orgUscc, rule.regionCode),
          orgUscc: f.orgUscc,
          personKey: f.personKey,
          amount: f.amount,
          summary: `${f.kind}: voucher ${f.voucherNumber}, ${f.category} on ${f.serviceDate} (${f.amount} yuan)`,
        }));
      }
      case 'AUDIT_FOLLOW_UP': {
        const result = await followUpAudits(sources, { ...scope, asOf: now.toISOString().slice(0, 10) });
        return [
          ...result.overdue.map((f) => ({
            key: `AUDIT_OVERDUE|${f.findingId}`,
            kind: 'AUDIT_OVERDUE',
            regionCode: regionOfBody(f.responsibleUscc, rule.regionCode),
            orgUscc: f.responsibleUscc,
            personKey: null,
            amount: f.amount,
            summary: `AUDIT_OVERDUE: finding ${f.findingId} (${f.category}) ${f.daysOverdue} days past ${f.deadline}`,
          })),
          ...result.repeated.map((f) => ({
            key: `AUDIT_REPEATED|${f.responsibleUscc}|${f.category}`,
            kind: 'AUDIT_REPEATED',
            regionCode: regionOfBody(f.responsibleUscc, rule.regionCode),
            orgUscc: f.responsibleUscc,
            personKey: null,
            amount: f.amount,
            summary: `AUDIT_REPEATED: ${f.category} in ${f.years.join(', ')}`,
          })),
        ];
      }
      case 'WORKLOAD': {
        const range = lookback(now, rule.lookbackMonths);
        const rows = await workloadOutliers(sources, {
          from: `${range.fromMonth}-01`,
          to: lastDayOf(range.toMonth),
          regionCode: rule.regionCode,
          orgUscc: rule.orgUscc,
        });
        return rows.map((w) => ({
          key: `WORKLOAD_${w.deviation}|${w.person.personKey}|${w.category.code}`,
          kind: `WORKLOAD_${w.deviation}`,
          regionCode: w.regionCode,
          orgUscc: w.org.uscc,
          personKey: w.person.personKey,
          amount: null,
          summary: `WORKLOAD_${w.deviation}: ${w.category.code}, ${w.records} records, ${w.hours} h against a standard of ${w.standardHours} h (z ${w.zScore})`,
        }));
      }
      default:
        throw new Error(`unknown check ${rule.check}`);
    }
  })();
  return all.filter((f) => rule.minAmount === null || (f.amount ?? 0) >= rule.minAmount);
}

interface WorkloadOutlier {
  person: { personKey: string };
  org: { uscc: string };
  regionCode: string;
  category: { code: string };
  records: number;
  hours: number;
  standardHours: number;
  zScore: number;
  deviation: string;
}

const WORKLOAD_OUTLIERS = `query($filter: WorkloadFilter!, $after: String) {
  workload(filter: $filter, first: 500, after: $after) {
    nodes { person { personKey } org { uscc } regionCode category { code } records hours standardHours zScore deviation }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** 履职监测 from the activity system: every person whose hours per record lie far from their peers'. */
async function workloadOutliers(
  sources: Sources,
  filter: { from: string; to: string; regionCode: string; orgUscc: string | null },
): Promise<WorkloadOutlier[]> {
  type Page = { workload: { nodes: WorkloadOutlier[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
  return sources.allPages(
    'activity',
    WORKLOAD_OUTLIERS,
    { filter: { ...filter, by: 'PERSON', onlyOutliers: true } },
    (data: Page) => data.workload,
  );
}

const lastDayOf = (month: string): string => {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, m, 0)).toISOString().slice(0, 10);
};
