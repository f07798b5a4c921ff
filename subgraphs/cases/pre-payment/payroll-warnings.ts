import { monthOf } from '../../supervision/checks/months';
import { sumYuan } from '../../supervision/checks/values';

/** 事前预警 of a payroll batch: the rules, over facts already read (see batch-facts.ts). */

export const PAYROLL_WARNING_KINDS = [
  'UNKNOWN_BODY',
  'NOT_ON_ROLL',
  'SEPARATED',
  'DEAD',
  'SECONDED_PAID_ELSEWHERE',
  'PAID_TWICE',
] as const;
export type PayrollWarningKind = (typeof PAYROLL_WARNING_KINDS)[number];

/** Largest batch one call takes (about 1 MB of JSON, the gateway's body limit): a body's month or a county's; a province's goes in several. */
export const MAX_BATCH_LINES = 10_000;

export interface BatchLine {
  lineNo: number;
  personKey: string;
  orgUscc: string;
  gross: number;
}

export interface RollEntry {
  orgUscc: string;
  establishmentType: string;
  status: string;
  statusDate: string | null;
}

/** What the systems (and the batches recorded before) say about the batch's people and bodies. */
export interface BatchFacts {
  /** Each person's roll entry, by person key (people on no roll the caller can read are absent). */
  roll: Map<string, RollEntry>;
  /** Registered deaths by person key (the earliest). */
  deaths: Map<string, string>;
  /** 三定 quotas of the region's bodies: body → establishment type → quota. */
  quotas: Map<string, Map<string, number>>;
  /** Bodies paying the person this month in the treasury's payroll and in earlier batches (the line's own body does not count). */
  paidElsewhere: Map<string, Set<string>>;
}

export interface LineWarning extends BatchLine {
  kinds: PayrollWarningKind[];
  rollOrgUscc: string | null;
  status: string | null;
  statusDate: string | null;
  diedOn: string | null;
  otherPayers: string[];
}

export interface QuotaWarning {
  orgUscc: string;
  establishmentType: string;
  quota: number;
  paid: number;
}

export interface BatchVerdict {
  warnings: LineWarning[];
  overQuota: QuotaWarning[];
  summary: Array<{ kind: PayrollWarningKind; lines: number; amount: number }>;
}

/** Roll statuses that occupy a post (在编, 借调). */
const COUNTED = new Set(['ON_ROLL', 'SECONDED']);
/** Statuses after which a body must stop paying. */
const SEPARATED = new Set(['RETIRED', 'TRANSFERRED_OUT', 'DECEASED']);

/**
 * The warnings of each line of a month's batch. Pay the same body recorded for the month is not a
 * second payment (the batch may be the one the treasury recorded, or a corrected resubmission); pay by
 * another body is, and so is the same person twice at one body within the batch.
 */
export function warnPayrollBatch(month: string, lines: readonly BatchLine[], facts: BatchFacts): BatchVerdict {
  const bodiesPaying = new Map<string, Map<string, number>>();
  for (const line of lines) {
    const bodies = bodiesPaying.get(line.personKey) ?? new Map<string, number>();
    bodiesPaying.set(line.personKey, bodies.set(line.orgUscc, (bodies.get(line.orgUscc) ?? 0) + 1));
  }
  const warnings: LineWarning[] = [];
  for (const line of lines) {
    const person = facts.roll.get(line.personKey);
    const diedOn = facts.deaths.get(line.personKey) ?? null;
    const inBatch = bodiesPaying.get(line.personKey)!;
    const others = new Set([...inBatch.keys(), ...(facts.paidElsewhere.get(line.personKey) ?? [])]);
    others.delete(line.orgUscc);
    const kinds: PayrollWarningKind[] = [];
    if (!facts.quotas.has(line.orgUscc)) kinds.push('UNKNOWN_BODY');
    if (!person || person.orgUscc !== line.orgUscc) kinds.push('NOT_ON_ROLL');
    if (person?.orgUscc === line.orgUscc && SEPARATED.has(person.status) && person.statusDate)
      if (month > monthOf(person.statusDate)) kinds.push('SEPARATED');
    if (person && COUNTED.has(person.status) && diedOn && month > monthOf(diedOn)) kinds.push('DEAD');
    if (others.size > 0 || inBatch.get(line.orgUscc)! > 1)
      kinds.push(person?.status === 'SECONDED' ? 'SECONDED_PAID_ELSEWHERE' : 'PAID_TWICE');
    if (kinds.length === 0) continue;
    warnings.push({
      ...line,
      kinds,
      rollOrgUscc: person?.orgUscc ?? null,
      status: person?.status ?? null,
      statusDate: person?.statusDate ?? null,
      diedOn,
      otherPayers: [...others].sort(),
    });
  }
  return {
    warnings,
    overQuota: overQuota(lines, facts),
    summary: PAYROLL_WARNING_KINDS.map((kind) => {
      const of = warnings.filter((w) => w.kinds.includes(kind));
      return { kind, lines: of.length, amount: sumYuan(of.map((w) => w.gross)) };
    }),
  };
}

/** Per body and establishment type: the people of its roll (在编, 借调) it pays, against the quota. */
function overQuota(lines: readonly BatchLine[], facts: BatchFacts): QuotaWarning[] {
  const paid = new Map<string, Set<string>>();
  for (const line of lines) {
    const person = facts.roll.get(line.personKey);
    if (!person || person.orgUscc !== line.orgUscc || !COUNTED.has(person.status)) continue;
    const slot = `${line.orgUscc}|${person.establishmentType}`;
    paid.set(slot, (paid.get(slot) ?? new Set()).add(line.personKey));
  }
  const out: QuotaWarning[] = [];
  for (const [slot, people] of paid) {
    const [orgUscc, establishmentType] = slot.split('|') as [string, string];
    const quota = facts.quotas.get(orgUscc)?.get(establishmentType) ?? 0;
    if (people.size > quota) out.push({ orgUscc, establishmentType, quota, paid: people.size });
  }
  return out.sort(
    (a, b) => a.orgUscc.localeCompare(b.orgUscc) || a.establishmentType.localeCompare(b.establishmentType),
  );
}
