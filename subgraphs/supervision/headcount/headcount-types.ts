import type { MonthRange } from '../checks/months';

/** 编制核查: 三定 quotas against the real-name roll and the payroll, computed from live facts. */

export const MISMATCH_KINDS = [
  'PAID_NOT_ON_ROLL',
  'ON_ROLL_NOT_PAID',
  'PAID_AFTER_SEPARATION',
  'DEAD_BUT_PAID',
  'SECONDED_PAID_TWICE',
  'PAID_BY_TWO_BODIES',
  'NEVER_AT_POST',
] as const;
export type MismatchKind = (typeof MISMATCH_KINDS)[number];

/** "Never at post": no work record in this many months up to the end of the range. */
export const AT_POST_WINDOW_MONTHS = 6;

export interface HeadcountMismatch {
  kind: MismatchKind;
  personKey: string;
  orgUscc: string | null;
  payingOrgs: string[];
  months: string[];
  amount: number;
  status: string | null;
  statusDate: string | null;
  diedOn: string | null;
}

export interface EstablishmentHeadcount {
  type: string;
  quota: number;
  onRoll: number;
  paid: number;
  over: number;
}

export interface BodyHeadcount {
  orgUscc: string;
  byType: EstablishmentHeadcount[];
  leaders: { chiefPosts: number; chiefs: number; deputyPosts: number; deputies: number; exceeded: boolean };
  paid: number;
  mismatches: number;
  overEstablished: boolean;
}

export interface HeadcountReconciliation extends MonthRange {
  onRoll: number;
  paid: number;
  matched: number;
  matchRate: number;
  summary: Array<{ kind: MismatchKind; people: number; amount: number }>;
  bodies: BodyHeadcount[];
  mismatches: HeadcountMismatch[];
}

export interface HeadcountArgs {
  orgUscc: string | null;
  regionCode: string | null;
  range: MonthRange;
}

export interface RollFact {
  personKey: string;
  orgUscc: string;
  establishmentType: string;
  status: string;
  statusDate: string | null;
  leaderRank: string | null;
}

export interface PayLine {
  personKey: string;
  orgUscc: string;
  month: string;
  gross: number;
}

/** 三定 quota of one body and establishment type, with the body's leader posts. */
export interface QuotaFact {
  orgUscc: string;
  type: string;
  quota: number;
  leaderChief: number;
  leaderDeputy: number;
}

/**
 * Everything the reconciliation knows of one person, however it was read (one system's bulk facts, or
 * many nodes' streams merged by key).
 */
export interface PersonFacts {
  personKey: string;
  /** The person's roll entries within the scope asked about (normally one). */
  ownRoll: RollFact[];
  /** A roll entry outside that scope (a body or region asked about paid someone on another roll). */
  otherRoll: RollFact | null;
  /** Every pay line of the person in the months (each person, body and month once). */
  lines: PayLine[];
  /** Paid by a body of the scope asked about. */
  paidHere: boolean;
  /** Has a work record in the at-post window. */
  present: boolean;
  diedOn: string | null;
}
