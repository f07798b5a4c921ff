import { ErrorCode } from '../../../common/errors';

/**
 * 线索处置: the states of a lead and who may move it, as data. 交办 assigns it to the responsible body
 * with a deadline; the body's rectifier verifies (核查) and rectifies (整改, with evidence); a supervisor
 * other than the rectifier reviews (复核) and closes it (办结) or returns it (退回) for more rectification.
 */

export const LEAD_STATES = ['REGISTERED', 'ASSIGNED', 'VERIFYING', 'RECTIFYING', 'REVIEWING', 'CLOSED'] as const;
export type LeadState = (typeof LEAD_STATES)[number];

/** The states a lead can be overdue in: assigned to a body that has not yet handed in its rectification. */
export const OPEN_AT_BODY: readonly LeadState[] = ['ASSIGNED', 'VERIFYING', 'RECTIFYING'];

/** Today's date in UTC (YYYY-MM-DD): deadlines and escalation are counted in whole UTC days. */
export const todayUtc = () => new Date().toISOString().slice(0, 10);

/** Still at its body past its deadline on `asOf`. */
export const isOverdue = (lead: { state: string; deadline: string | null }, asOf: string) =>
  lead.deadline !== null && lead.deadline < asOf && (OPEN_AT_BODY as readonly string[]).includes(lead.state);

export interface Transition {
  from: readonly LeadState[];
  to: LeadState;
  /** Any one of these roles may make it. */
  roles: readonly string[];
  /** The review is never by the person whose rectification it reviews. */
  notByRectifier?: boolean;
}

export const TRANSITIONS = {
  assign: { from: ['REGISTERED'], to: 'ASSIGNED', roles: ['supervisor'] },
  verify: { from: ['ASSIGNED'], to: 'VERIFYING', roles: ['rectifier'] },
  confirm: { from: ['VERIFYING'], to: 'RECTIFYING', roles: ['rectifier'] },
  rectify: { from: ['RECTIFYING'], to: 'REVIEWING', roles: ['rectifier'] },
  close: { from: ['REVIEWING'], to: 'CLOSED', roles: ['supervisor'], notByRectifier: true },
  return: { from: ['REVIEWING'], to: 'RECTIFYING', roles: ['supervisor'], notByRectifier: true },
} as const satisfies Record<string, Transition>;
export type LeadAction = keyof typeof TRANSITIONS;

/** Who may register a lead of their own finding. */
export const REGISTERING_ROLES = ['supervisor'] as const;

export type Refusal = { code: typeof ErrorCode.FORBIDDEN_FIELD | typeof ErrorCode.BAD_USER_INPUT; message: string };

/** Why this caller may not make this move now, or null when they may. */
export function refusalOf(
  action: LeadAction,
  lead: { state: string; rectifiedBy: string | null },
  caller: { user: string; roles: readonly string[] },
): Refusal | null {
  const t: Transition = TRANSITIONS[action];
  if (!t.roles.some((role) => caller.roles.includes(role)))
    return { code: ErrorCode.FORBIDDEN_FIELD, message: `${action} needs the role ${t.roles.join(' or ')}` };
  if (!(t.from as readonly string[]).includes(lead.state))
    return {
      code: ErrorCode.BAD_USER_INPUT,
      message: `a lead in state ${lead.state} cannot be moved by ${action} (only from ${t.from.join(', ')})`,
    };
  if (t.notByRectifier && lead.rectifiedBy === caller.user)
    return { code: ErrorCode.FORBIDDEN_FIELD, message: `${action} must be by someone other than the rectifier` };
  return null;
}
