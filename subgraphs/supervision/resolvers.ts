import { checkRegionCode, checkUscc } from '../../common/arguments';
import { badUserInput } from '../../common/errors';
import { amountBand } from '../common/amount-band';
import { pageOf } from '../common/offset-page';
import { DateScalar } from '../common/scalars';
import { checkMonthRange, optionalMonthRange } from './checks/months';
import type { Resolvers } from './generated/resolvers-types';

const checkRegion = (value: string | null | undefined) =>
  value === null || value === undefined ? null : checkRegionCode(value);

function checkDateOrder(from: string | null | undefined, to: string | null | undefined): void {
  if (from && to && from > to) throw badUserInput('to must not be before from', 'to');
}

const org = (uscc: string) => ({ uscc });
const withBand = { amountBand: (row: { amount: number }) => amountBand(row.amount) };

export const resolvers: Resolvers = {
  Date: DateScalar,

  Query: {
    headcountReconciliation: (_, { orgUscc, regionCode, fromMonth, toMonth }, { checks }) =>
      checks.headcount({
        orgUscc: orgUscc ? checkUscc(orgUscc, 'orgUscc') : null,
        regionCode: checkRegion(regionCode),
        range: checkMonthRange(fromMonth, toMonth),
      }),

    welfareCrossCheck: (_, { regionCode, fromMonth, toMonth }, { checks }) =>
      checks.welfare({ regionCode: checkRegion(regionCode), range: optionalMonthRange(fromMonth, toMonth) }),

    reimbursementCheck: (_, { orgUscc, regionCode, from, to }, { checks }) => {
      checkDateOrder(from, to);
      return checks.reimbursements({
        orgUscc: orgUscc ? checkUscc(orgUscc, 'orgUscc') : null,
        regionCode: checkRegion(regionCode),
        from: from ?? null,
        to: to ?? null,
      });
    },

    // asOf is a Date: the scalar has already refused anything that is not a calendar date.
    auditFollowUp: (_, { orgUscc, regionCode, asOf }, { checks }) =>
      checks.auditFollowUp({
        orgUscc: orgUscc ? checkUscc(orgUscc, 'orgUscc') : null,
        regionCode: checkRegion(regionCode),
        asOf,
      }),
  },

  HeadcountReconciliation: {
    bodies: (result, { onlyProblems, first, after }, { maxPageSize }) =>
      pageOf(
        onlyProblems
          ? result.bodies.filter((b) => b.overEstablished || b.leaders.exceeded || b.mismatches > 0)
          : result.bodies,
        { first, after },
        maxPageSize,
      ),
    mismatches: (result, { kind, first, after }, { maxPageSize }) =>
      pageOf(
        kind ? result.mismatches.filter((m) => m.kind === kind) : result.mismatches,
        { first, after },
        maxPageSize,
      ),
  },
  MismatchSummary: withBand,
  HeadcountMismatch: {
    ...withBand,
    // Someone on no roll has no Person to resolve: say so here rather than ask staffing.
    person: (m) => (m.orgUscc ? { personKey: m.personKey } : null),
    org: (m) => (m.orgUscc ? org(m.orgUscc) : null),
    payingOrgs: (m) => m.payingOrgs.map(org),
  },
  BodyHeadcount: {
    org: (b) => org(b.orgUscc),
  },

  WelfareCrossCheck: {
    findings: (result, { kind, first, after }, { maxPageSize }) =>
      pageOf(kind ? result.findings.filter((f) => f.kind === kind) : result.findings, { first, after }, maxPageSize),
  },
  WelfareSummary: withBand,
  WelfareRegionTotal: withBand,
  WelfareFinding: {
    ...withBand,
    person: (f) => (f.onRoll ? { personKey: f.personKey } : null),
    employers: (f) => f.employers.map(org),
  },

  ReimbursementCheck: {
    findings: (result, { kind, first, after }, { maxPageSize }) =>
      pageOf(kind ? result.findings.filter((f) => f.kind === kind) : result.findings, { first, after }, maxPageSize),
  },
  ReimbursementSummary: withBand,
  ReimbursementBodyTotal: { ...withBand, org: (t) => org(t.orgUscc) },
  ReimbursementFinding: {
    ...withBand,
    org: (f) => org(f.orgUscc),
    person: (f) => (f.onRoll ? { personKey: f.personKey } : null),
  },

  AuditFollowUp: {
    overdue: (result, { first, after }, { maxPageSize }) => pageOf(result.overdue, { first, after }, maxPageSize),
    repeated: (result, { first, after }, { maxPageSize }) => pageOf(result.repeated, { first, after }, maxPageSize),
  },
  OverdueFinding: {
    ...withBand,
    responsibleOrg: (f) => org(f.responsibleUscc),
    powerItem: (f) => (f.powerItemCode ? { code: f.powerItemCode } : null),
  },
  RepeatedFinding: {
    ...withBand,
    responsibleOrg: (f) => org(f.responsibleUscc),
  },
};
