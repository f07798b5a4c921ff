/**
 * Which level-1 activity (工作记实 catalog, set nationally) must back a reimbursed payment: travel by
 * 公务出差, meetings by 会议活动, training by 学习培训. The rule the reimbursement check applies, and
 * the one the data generator plants its mismatches against.
 */
export const REIMBURSED_ACTIVITY = {
  TRAVEL: '03',
  MEETING: '02',
  TRAINING: '06',
} as const;

export type ReimbursedCategory = keyof typeof REIMBURSED_ACTIVITY;
export const REIMBURSED_CATEGORIES = Object.keys(REIMBURSED_ACTIVITY) as ReimbursedCategory[];
