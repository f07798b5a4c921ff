import {
  REIMBURSED_ACTIVITY,
  REIMBURSED_CATEGORIES,
  type ReimbursedCategory,
} from '../../../common/reimbursed-activity';
import type { Sources } from '../sources';
import { markOnRoll } from './on-roll';
import { amount, dateOrNull, push, sumYuan, text } from './values';

/** Payments against work records: was the payee at the activity reimbursed, that day? */

export const REIMBURSEMENT_KINDS = ['NO_WORK_RECORD', 'CATEGORY_MISMATCH'] as const;
export type ReimbursementKind = (typeof REIMBURSEMENT_KINDS)[number];

export interface ReimbursementFinding {
  kind: ReimbursementKind;
  voucherNumber: string;
  orgUscc: string;
  personKey: string;
  /** Whether the payee is on a real-name roll the caller can read (then they resolve as a Person). */
  onRoll: boolean;
  serviceDate: string;
  category: ReimbursedCategory;
  recordedCategories: string[];
  amount: number;
}

interface Totals {
  payments: number;
  amount: number;
}

export interface ReimbursementCheck {
  summary: Array<{ kind: ReimbursementKind } & Totals>;
  byBody: Array<{ orgUscc: string; kind: ReimbursementKind } & Totals>;
  findings: ReimbursementFinding[];
}

export interface ReimbursementArgs {
  orgUscc: string | null;
  regionCode: string | null;
  from: string | null;
  to: string | null;
}

const PAYMENT = ['voucherNumber', 'personKey', 'orgUscc', 'serviceDate', 'category', 'amount'] as const;
const RECORD = ['personKey', 'date', 'categoryCode'] as const;

const totals = (of: ReimbursementFinding[]): Totals => ({
  payments: of.length,
  amount: sumYuan(of.map((f) => f.amount)),
});

export async function checkReimbursements(sources: Sources, args: ReimbursementArgs): Promise<ReimbursementCheck> {
  const payments = (
    await sources.facts(
      'finance',
      'reimbursementFacts',
      {
        categories: { type: '[PaymentCategory!]!', value: REIMBURSED_CATEGORIES },
        from: { type: 'Date', value: args.from },
        to: { type: 'Date', value: args.to },
        regionCode: { type: 'String', value: args.regionCode },
        orgUscc: { type: 'ID', value: args.orgUscc },
      },
      PAYMENT,
    )
  ).map((p) => ({
    voucherNumber: text(p.voucherNumber),
    personKey: text(p.personKey),
    orgUscc: text(p.orgUscc),
    serviceDate: dateOrNull(p.serviceDate)!,
    category: text(p.category) as ReimbursedCategory,
    amount: amount(p.amount),
  }));
  if (payments.length === 0)
    return { summary: REIMBURSEMENT_KINDS.map((kind) => ({ kind, payments: 0, amount: 0 })), byBody: [], findings: [] };

  const dates = payments.map((p) => p.serviceDate).sort();
  const records = await sources.factsForKeys(
    'activity',
    'workRecordFacts',
    'personKeys',
    [...new Set(payments.map((p) => p.personKey))].sort(),
    { from: { type: 'Date', value: dates[0] }, to: { type: 'Date', value: dates[dates.length - 1] } },
    RECORD,
  );
  const recordedOn = new Map<string, string[]>();
  for (const r of records) push(recordedOn, `${text(r.personKey)}|${dateOrNull(r.date)}`, text(r.categoryCode));

  const findings: ReimbursementFinding[] = [];
  for (const p of payments) {
    const recorded = [...new Set(recordedOn.get(`${p.personKey}|${p.serviceDate}`) ?? [])].sort();
    const backing = REIMBURSED_ACTIVITY[p.category];
    const kind: ReimbursementKind | null =
      recorded.length === 0
        ? 'NO_WORK_RECORD'
        : recorded.some((c) => c.startsWith(backing))
          ? null
          : 'CATEGORY_MISMATCH';
    if (kind) findings.push({ kind, ...p, onRoll: false, recordedCategories: recorded });
  }
  await markOnRoll(sources, findings);
  findings.sort(
    (a, b) =>
      REIMBURSEMENT_KINDS.indexOf(a.kind) - REIMBURSEMENT_KINDS.indexOf(b.kind) ||
      a.voucherNumber.localeCompare(b.voucherNumber),
  );

  const groups = new Map<string, ReimbursementFinding[]>();
  for (const f of findings) push(groups, `${f.orgUscc}|${f.kind}`, f);
  const byBody = [...groups.entries()]
    .map(([id, of]) => ({ orgUscc: id.split('|')[0]!, kind: of[0]!.kind, ...totals(of) }))
    .sort(
      (a, b) =>
        a.orgUscc.localeCompare(b.orgUscc) || REIMBURSEMENT_KINDS.indexOf(a.kind) - REIMBURSEMENT_KINDS.indexOf(b.kind),
    );
  return {
    summary: REIMBURSEMENT_KINDS.map((kind) => ({ kind, ...totals(findings.filter((f) => f.kind === kind)) })),
    byBody,
    findings,
  };
}
