import { DATASET_CALENDAR, type AnomalyKind, type ScaleName } from './scales';

/**
 * The ground truth of a generated dataset: every planted case, keyed so that a supervision query's
 * answer can be compared with it exactly. Only tests read it; the running system never does.
 */
export interface Manifest {
  version: 1;
  scale: ScaleName;
  seed: number;
  calendar: typeof DATASET_CALENDAR;
  /** Statuses that occupy an establishment post (count toward quotas). */
  countedStatuses: readonly string[];
  rowCounts: Record<string, number>;
  anomalies: { [K in AnomalyKind]: AnomalyCase<K>[] };
  flagged: {
    INVALID_ID_NUMBER: Array<{ system: 'staffing' | 'civil-affairs'; idNumber: string }>;
    INVALID_USCC: Array<{ uscc: string }>;
  };
}

interface PayrollCase {
  personKey: string;
  /** Payroll months that should not have been paid. */
  months: string[];
  /** Gross pay of those months. */
  amount: number;
}

export interface AnomalyCases {
  GHOST_NOT_ON_ROLL: PayrollCase & { orgUscc: string; name: string };
  PAID_AFTER_SEPARATION: PayrollCase & { orgUscc: string; status: string; statusDate: string };
  DEAD_BUT_PAID: PayrollCase & { orgUscc: string; diedOn: string };
  SECONDED_PAID_TWICE: PayrollCase & { homeUscc: string; hostUscc: string };
  PAID_BY_TWO_BODIES: PayrollCase & { homeUscc: string; otherUscc: string };
  /** The first is 借调 (seconded), the others 在编: both serve, so both must be at post. */
  NEVER_AT_POST: { personKey: string; orgUscc: string; status: 'ON_ROLL' | 'SECONDED' };
  /** Serving on the roll, not paid by their own body in any payroll month. */
  ON_ROLL_NOT_PAID: { personKey: string; orgUscc: string };
  OVER_ESTABLISHMENT: { orgUscc: string; type: string; quota: number; actual: number };
  LEADER_POSTS_EXCEEDED: { orgUscc: string; rank: 'DEPUTY'; posts: number; actual: number };
  PUBLIC_EMPLOYEE_ON_RELIEF: {
    caseNumber: string;
    personKey: string;
    orgUscc: string;
    regionCode: string;
    amount: number;
  };
  DEAD_BENEFICIARY_PAID: {
    caseNumber: string;
    personKey: string;
    diedOn: string;
    regionCode: string;
    payments: number;
    amount: number;
  };
  PAYMENT_WITHOUT_WORK_RECORD: {
    voucherNumber: string;
    personKey: string;
    serviceDate: string;
    category: string;
    orgUscc: string;
    amount: number;
  };
  PAYMENT_CATEGORY_MISMATCH: {
    voucherNumber: string;
    personKey: string;
    serviceDate: string;
    category: string;
    recordCategory: string;
    orgUscc: string;
    amount: number;
  };
  AUDIT_OVERDUE: { findingId: number; responsibleUscc: string; deadline: string; status: string };
  AUDIT_REPEATED: { responsibleUscc: string; category: string; years: number[]; findingIds: number[] };
  /** Every work record of the person claims WORKLOAD_INFLATION_FACTOR times its category's standard hours. */
  WORKLOAD_INFLATED: { personKey: string; orgUscc: string; regionCode: string; records: number };
}

/** How far a planted inflated workload lies above the standard (natural records lie within ±1 hour of it). */
export const WORKLOAD_INFLATION_FACTOR = 3;

export type AnomalyCase<K extends AnomalyKind> = AnomalyCases[K];

export function emptyManifest(scale: ScaleName, seed: number): Manifest {
  return {
    version: 1,
    scale,
    seed,
    calendar: DATASET_CALENDAR,
    countedStatuses: ['ON_ROLL', 'SECONDED'],
    rowCounts: {},
    anomalies: {
      GHOST_NOT_ON_ROLL: [],
      PAID_AFTER_SEPARATION: [],
      DEAD_BUT_PAID: [],
      SECONDED_PAID_TWICE: [],
      PAID_BY_TWO_BODIES: [],
      NEVER_AT_POST: [],
      ON_ROLL_NOT_PAID: [],
      OVER_ESTABLISHMENT: [],
      LEADER_POSTS_EXCEEDED: [],
      PUBLIC_EMPLOYEE_ON_RELIEF: [],
      DEAD_BENEFICIARY_PAID: [],
      PAYMENT_WITHOUT_WORK_RECORD: [],
      PAYMENT_CATEGORY_MISMATCH: [],
      AUDIT_OVERDUE: [],
      AUDIT_REPEATED: [],
      WORKLOAD_INFLATED: [],
    },
    flagged: { INVALID_ID_NUMBER: [], INVALID_USCC: [] },
  };
}
