import { daysOfMonthsEndingWith } from '../checks/months';
import { amount, dateOrNull, text, textOrNull } from '../checks/values';
import type { FactArgs } from '../sources';
import {
  AT_POST_WINDOW_MONTHS,
  type HeadcountArgs,
  type PayLine,
  type QuotaFact,
  type RollFact,
} from './headcount-types';

/** The columns and arguments of the facts the reconciliation reads, and how their rows are read back. */

export const ROLL = ['personKey', 'orgUscc', 'establishmentType', 'status', 'statusDate', 'leaderRank'] as const;
export const PAY = ['personKey', 'orgUscc', 'month', 'gross'] as const;
export const QUOTA = ['orgUscc', 'type', 'quota', 'leaderChief', 'leaderDeputy'] as const;
export const PRESENCE = ['personKey'] as const;
export const DEATHS = ['personKey', 'diedOn'] as const;

export const toRoll = (r: Record<(typeof ROLL)[number], unknown>): RollFact => ({
  personKey: text(r.personKey),
  orgUscc: text(r.orgUscc),
  establishmentType: text(r.establishmentType),
  status: text(r.status),
  statusDate: dateOrNull(r.statusDate),
  leaderRank: textOrNull(r.leaderRank),
});
export const toLine = (r: Record<(typeof PAY)[number], unknown>): PayLine => ({
  personKey: text(r.personKey),
  orgUscc: text(r.orgUscc),
  month: text(r.month),
  gross: amount(r.gross),
});
export const toQuota = (q: Record<(typeof QUOTA)[number], unknown>): QuotaFact => ({
  orgUscc: text(q.orgUscc),
  type: text(q.type),
  quota: Number(q.quota),
  leaderChief: Number(q.leaderChief),
  leaderDeputy: Number(q.leaderDeputy),
});

/** The arguments of each read: the body or region asked about, the months, and the at-post window. */
export function factArgs(args: HeadcountArgs) {
  const window = daysOfMonthsEndingWith(args.range.toMonth, AT_POST_WINDOW_MONTHS);
  const filter: FactArgs = {
    regionCode: { type: 'String', value: args.regionCode },
    orgUscc: { type: 'ID', value: args.orgUscc },
  };
  const months: FactArgs = {
    fromMonth: { type: 'String!', value: args.range.fromMonth },
    toMonth: { type: 'String!', value: args.range.toMonth },
  };
  const presence: FactArgs = { from: { type: 'Date!', value: window.from }, to: { type: 'Date!', value: window.to } };
  return { filter, months, presence };
}

/** Each pay line once (person, body, month), in the order first seen. */
export function distinctLines(lines: Iterable<PayLine>): PayLine[] {
  const seen = new Set<string>();
  const out: PayLine[] = [];
  for (const line of lines) {
    const id = `${line.orgUscc}|${line.month}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(line);
  }
  return out;
}
