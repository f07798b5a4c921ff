import type { Sources } from '../sources';
import { amount, dateOrNull, push, sumYuan, text } from './values';

/** 审计整改: which findings are overdue, which recur, and who is accountable for them. */

export interface AuditFinding {
  findingId: string;
  year: number;
  category: string;
  amount: number;
  deadline: string;
  status: string;
  responsibleUscc: string;
  responsibleName: string;
  powerItemCode: string | null;
}

export interface OverdueFinding extends AuditFinding {
  daysOverdue: number;
}

export interface RepeatedFinding {
  responsibleUscc: string;
  responsibleName: string;
  category: string;
  years: number[];
  findingIds: string[];
  amount: number;
}

export interface AuditFollowUp {
  asOf: string;
  overdue: OverdueFinding[];
  repeated: RepeatedFinding[];
}

export interface AuditFollowUpArgs {
  orgUscc: string | null;
  regionCode: string | null;
  asOf: string;
}

/** The legacy audit system speaks plain GraphQL with pages of at most this many. */
const PAGE = 500;

const FINDINGS = `query SupervisionFindings($filter: FindingFilter, $after: String) {
  findings(filter: $filter, first: ${PAGE}, after: $after) {
    nodes { id category amount rectificationDeadline rectificationStatus responsibleUscc responsibleName powerItemCode project { year } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface FindingNode {
  id: string;
  category: string;
  amount: number;
  rectificationDeadline: string;
  rectificationStatus: string;
  responsibleUscc: string;
  responsibleName: string;
  powerItemCode: string | null;
  project: { year: number };
}

async function allFindings(sources: Sources, filter: Record<string, string>): Promise<AuditFinding[]> {
  type Page = { findings: { nodes: FindingNode[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
  const found = await sources.allPages('audit', FINDINGS, { filter }, (data: Page) => data.findings);
  return found.map((f) => ({
    findingId: text(f.id),
    year: Number(f.project.year),
    category: f.category,
    amount: amount(f.amount),
    deadline: dateOrNull(f.rectificationDeadline)!,
    status: f.rectificationStatus,
    responsibleUscc: f.responsibleUscc,
    responsibleName: f.responsibleName,
    powerItemCode: f.powerItemCode,
  }));
}

const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

export async function followUpAudits(sources: Sources, args: AuditFollowUpArgs): Promise<AuditFollowUp> {
  const filter: Record<string, string> = {};
  if (args.orgUscc) filter['responsibleUscc'] = args.orgUscc;
  if (args.regionCode) filter['regionCode'] = args.regionCode;
  const findings = await allFindings(sources, filter);

  const overdue = findings
    .filter((f) => f.deadline < args.asOf && f.status !== 'COMPLETED')
    .map((f) => ({ ...f, daysOverdue: daysBetween(f.deadline, args.asOf) }))
    .sort((a, b) => b.daysOverdue - a.daysOverdue || Number(a.findingId) - Number(b.findingId));

  const groups = new Map<string, AuditFinding[]>();
  for (const f of findings) push(groups, `${f.responsibleUscc}|${f.category}`, f);
  const repeated: RepeatedFinding[] = [];
  for (const of of groups.values()) {
    const years = [...new Set(of.map((f) => f.year))].sort((a, b) => a - b);
    if (years.length < 2) continue;
    const first = of[0]!;
    repeated.push({
      responsibleUscc: first.responsibleUscc,
      responsibleName: first.responsibleName,
      category: first.category,
      years,
      findingIds: of.map((f) => f.findingId).sort((a, b) => Number(a) - Number(b)),
      amount: sumYuan(of.map((f) => f.amount)),
    });
  }
  repeated.sort(
    (a, b) =>
      b.years.length - a.years.length ||
      a.responsibleUscc.localeCompare(b.responsibleUscc) ||
      a.category.localeCompare(b.category),
  );
  return { asOf: args.asOf, overdue, repeated };
}
