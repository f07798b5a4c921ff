/** Dataset sizes. Province matches the Jiangsu and Jiading reference figures in domain.md. */
export interface Scale {
  name: ScaleName;
  /** Cities included (by index in JIANGSU_CITIES) and counties per city (all when undefined). */
  cities: number;
  countiesPerCity?: number;
  provincialBodies: number;
  bodiesPerCity: number;
  bodiesPerCounty: number;
  townshipsPerCounty: number;
  people: number;
  workRecords: number;
  reliefCases: number;
  auditProjectsPerYear: number;
}

export type ScaleName = 'test' | 'demo' | 'province';
export const SCALE_NAMES: readonly ScaleName[] = ['test', 'demo', 'province'];

export const SCALES: Record<ScaleName, Scale> = {
  test: {
    name: 'test',
    cities: 2,
    countiesPerCity: 2,
    provincialBodies: 6,
    bodiesPerCity: 4,
    bodiesPerCounty: 3,
    townshipsPerCounty: 1,
    people: 900,
    workRecords: 4_200,
    reliefCases: 600,
    auditProjectsPerYear: 6,
  },
  demo: {
    name: 'demo',
    cities: 13,
    provincialBodies: 20,
    bodiesPerCity: 6,
    bodiesPerCounty: 3,
    townshipsPerCounty: 1,
    people: 8_000,
    workRecords: 36_000,
    reliefCases: 12_000,
    auditProjectsPerYear: 30,
  },
  province: {
    name: 'province',
    cities: 13,
    provincialBodies: 98,
    bodiesPerCity: 40,
    bodiesPerCounty: 30,
    townshipsPerCounty: 8,
    people: 143_364,
    workRecords: 659_785,
    reliefCases: 300_000,
    auditProjectsPerYear: 130,
  },
};

/** The fixed calendar of every dataset: six months of work records, three months of pay and relief. */
export const DATASET_CALENDAR = {
  asOf: '2026-06-30',
  windowStart: '2026-01-01',
  windowEnd: '2026-06-30',
  payrollMonths: ['2026-04', '2026-05', '2026-06'],
  auditYears: [2022, 2023, 2024, 2025, 2026],
} as const;

/**
 * Anomaly rates (share of the population named) and the smallest count planted at any scale, so the
 * test dataset still has every kind.
 */
export const ANOMALY_RATES = {
  GHOST_NOT_ON_ROLL: { rate: 0.008, of: 'people', min: 3 },
  PAID_AFTER_SEPARATION: { rate: 0.004, of: 'people', min: 3 },
  DEAD_BUT_PAID: { rate: 0.0008, of: 'people', min: 2 },
  SECONDED_PAID_TWICE: { rate: 0.002, of: 'people', min: 2 },
  PAID_BY_TWO_BODIES: { rate: 0.002, of: 'people', min: 2 },
  NEVER_AT_POST: { rate: 0.003, of: 'people', min: 3 },
  ON_ROLL_NOT_PAID: { rate: 0.002, of: 'people', min: 2 },
  OVER_ESTABLISHMENT: { rate: 0.05, of: 'bodies', min: 2 },
  LEADER_POSTS_EXCEEDED: { rate: 0.03, of: 'bodies', min: 2 },
  PUBLIC_EMPLOYEE_ON_RELIEF: { rate: 0.002, of: 'reliefCases', min: 3 },
  DEAD_BENEFICIARY_PAID: { rate: 0.002, of: 'reliefCases', min: 3 },
  PAYMENT_WITHOUT_WORK_RECORD: { rate: 0.02, of: 'reimbursements', min: 3 },
  PAYMENT_CATEGORY_MISMATCH: { rate: 0.01, of: 'reimbursements', min: 3 },
  AUDIT_OVERDUE: { rate: 0.15, of: 'pastDueFindings', min: 3 },
  AUDIT_REPEATED: { rate: 0.05, of: 'auditedBodies', min: 2 },
  WORKLOAD_INFLATED: { rate: 0.001, of: 'people', min: 3 },
} as const;

export type AnomalyKind = keyof typeof ANOMALY_RATES;
export const ANOMALY_KINDS = Object.keys(ANOMALY_RATES) as AnomalyKind[];

export function plantCount(kind: AnomalyKind, population: number): number {
  const { rate, min } = ANOMALY_RATES[kind];
  return Math.min(population, Math.max(min, Math.round(rate * population)));
}
