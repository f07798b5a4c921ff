import type { Sources } from '../sources';
import type { MonthRange } from './months';
import { markOnRoll } from './on-roll';
import { amount, dateOrNull, push, sumYuan, text } from './values';
import { casesByKey, casesStreamed, type Membership } from './welfare-cases';

/** 民政核查: relief cases matched against public payroll and death registrations. */

export const WELFARE_KINDS = ['PUBLIC_EMPLOYEE_ON_RELIEF', 'PAID_AFTER_DEATH'] as const;
export type WelfareKind = (typeof WELFARE_KINDS)[number];

export interface WelfareFinding {
  kind: WelfareKind;
  caseNumber: string;
  scheme: string;
  regionCode: string;
  personKey: string;
  /** Whether the member is on a real-name roll the caller can read (then they resolve as a Person). */
  onRoll: boolean;
  employers: string[];
  diedOn: string | null;
  payments: number;
  amount: number;
}

export interface Totals {
  cases: number;
  amount: number;
}

export interface WelfareCrossCheck {
  summary: Array<{ kind: WelfareKind } & Totals>;
  byRegion: Array<{ regionCode: string; kind: WelfareKind } & Totals>;
  findings: WelfareFinding[];
}

export interface WelfareArgs {
  regionCode: string | null;
  range: MonthRange | null;
}

const PAYMENT = ['beneficiaryId', 'paidOn', 'amount'] as const;

export async function crossCheckWelfare(sources: Sources, args: WelfareArgs): Promise<WelfareCrossCheck> {
  const months = {
    fromMonth: { type: 'String', value: args.range?.fromMonth },
    toMonth: { type: 'String', value: args.range?.toMonth },
  };
  const caseRegion = { regionCode: { type: 'String', value: args.regionCode } };
  // Over nodes the cases in question are found by streaming; at one endpoint, by key.
  const overNodes = (['finance', 'civil-affairs'] as const).some((system) =>
    sources.targetsOf(system).some((t) => t.regionCode !== null),
  );
  const { nodes, employers, diedOn } = await (overNodes ? casesStreamed : casesByKey)(sources, months, caseRegion);
  // The payments of each node's own cases, asked of that node (one that fails is left out, and named).
  const perNode = await sources.atEach(
    nodes,
    (node) => node.target,
    async (node) => {
      const caseIds = [...new Set([...node.employed, ...node.dead].map((m) => m.beneficiaryId))].sort();
      const rows = await sources.factsForKeys(
        node.target,
        'reliefPaymentFacts',
        'beneficiaryIds',
        caseIds,
        months,
        PAYMENT,
      );
      const paymentsOf = new Map<string, Array<{ paidOn: string; amount: number }>>();
      for (const p of rows)
        push(paymentsOf, text(p.beneficiaryId), { paidOn: dateOrNull(p.paidOn)!, amount: amount(p.amount) });
      return { ...node, paymentsOf };
    },
  );
  const findings = perNode.flatMap((node) => findingsOf(node, employers, diedOn));
  await markOnRoll(sources, findings);
  findings.sort(
    (a, b) =>
      WELFARE_KINDS.indexOf(a.kind) - WELFARE_KINDS.indexOf(b.kind) ||
      a.caseNumber.localeCompare(b.caseNumber) ||
      a.personKey.localeCompare(b.personKey),
  );
  return {
    summary: WELFARE_KINDS.map((kind) => ({ kind, ...totals(findings.filter((f) => f.kind === kind)) })),
    byRegion: byRegion(findings),
    findings,
  };
}

/** The findings of one node's cases: public employees on relief, and payments after a member's death. */
function findingsOf(
  {
    employed,
    dead,
    paymentsOf,
  }: {
    employed: Membership[];
    dead: Membership[];
    paymentsOf: Map<string, Array<{ paidOn: string; amount: number }>>;
  },
  employers: Map<string, string[]>,
  diedOn: Map<string, string>,
): WelfareFinding[] {
  const findings: WelfareFinding[] = [];
  for (const m of employed) {
    const paid = paymentsOf.get(m.beneficiaryId) ?? [];
    findings.push({
      kind: 'PUBLIC_EMPLOYEE_ON_RELIEF',
      caseNumber: m.caseNumber,
      scheme: m.scheme,
      regionCode: m.regionCode,
      personKey: m.personKey,
      onRoll: false,
      employers: [...new Set(employers.get(m.personKey))].sort(),
      diedOn: null,
      payments: paid.length,
      amount: sumYuan(paid.map((p) => p.amount)),
    });
  }
  // One finding per case: payments after the earliest registered death of a member of its household.
  const firstDeath = new Map<string, Membership>();
  for (const m of dead) {
    const current = firstDeath.get(m.beneficiaryId);
    if (!current || diedOn.get(m.personKey)! < diedOn.get(current.personKey)!) firstDeath.set(m.beneficiaryId, m);
  }
  for (const m of firstDeath.values()) {
    const died = diedOn.get(m.personKey)!;
    const after = (paymentsOf.get(m.beneficiaryId) ?? []).filter((p) => p.paidOn > died);
    if (after.length === 0) continue;
    findings.push({
      kind: 'PAID_AFTER_DEATH',
      caseNumber: m.caseNumber,
      scheme: m.scheme,
      regionCode: m.regionCode,
      personKey: m.personKey,
      onRoll: false,
      employers: [],
      diedOn: died,
      payments: after.length,
      amount: sumYuan(after.map((p) => p.amount)),
    });
  }
  return findings;
}

/** Cases (distinct case numbers) and amount: a case with two employed members is one case, paid once. */
function totals(findings: WelfareFinding[]): Totals {
  const amountByCase = new Map<string, number>();
  for (const f of findings) amountByCase.set(f.caseNumber, f.amount);
  return { cases: amountByCase.size, amount: sumYuan(amountByCase.values()) };
}

function byRegion(findings: WelfareFinding[]): WelfareCrossCheck['byRegion'] {
  const groups = new Map<string, WelfareFinding[]>();
  for (const f of findings) push(groups, `${f.regionCode}|${f.kind}`, f);
  return [...groups.entries()]
    .map(([id, of]) => {
      const [regionCode, kind] = id.split('|') as [string, WelfareKind];
      return { regionCode, kind, ...totals(of) };
    })
    .sort(
      (a, b) =>
        a.regionCode.localeCompare(b.regionCode) || WELFARE_KINDS.indexOf(a.kind) - WELFARE_KINDS.indexOf(b.kind),
    );
}
