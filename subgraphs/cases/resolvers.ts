import { checkMonth, checkNumericId, checkRegionCode } from '../../common/arguments';
import { paginate } from '../common/pagination';
import { DateScalar } from '../common/scalars';
import type { Resolvers } from './generated/resolvers-types';
import type { LineWarningDetail } from './pre-payment/batch-store';
import { checkPayrollBatch } from './pre-payment/check-payroll-batch';
import type { PayrollWarningKind, QuotaWarning } from './pre-payment/payroll-warnings';

const org = (uscc: string) => ({ uscc });
const detail = (line: { detail: string | null }): LineWarningDetail | null =>
  line.detail ? (JSON.parse(line.detail) as LineWarningDetail) : null;

export const resolvers: Resolvers = {
  Date: DateScalar,

  Query: {
    payrollBatchCheck: (_, { id }, { store, scope }) => store.find(checkNumericId(id), scope),
    payrollBatchChecks: (_, { regionCode, month, first, after }, { store, scope, maxPageSize }) =>
      paginate(
        store.batches(scope, {
          regionCode: regionCode ? checkRegionCode(regionCode) : null,
          month: month ? checkMonth(month) : null,
        }),
        { first, after },
        maxPageSize,
      ),
  },

  Mutation: {
    checkPayrollBatch: (_, { input }, { access, scope, sources, store }) =>
      checkPayrollBatch(input, access, scope, sources, store),
  },

  PayrollBatchCheck: {
    id: (batch) => String(batch.id),
    summary: (batch) => JSON.parse(batch.summary) as Array<{ kind: PayrollWarningKind; lines: number; amount: number }>,
    overQuota: (batch) => JSON.parse(batch.overQuota) as QuotaWarning[],
    warnings: (batch, { kinds, first, after }, { store, maxPageSize }) =>
      paginate(store.warnedLines(batch.id, kinds), { first, after }, maxPageSize),
  },
  QuotaWarning: {
    org: (q) => org(q.orgUscc),
  },
  PayrollLineWarning: {
    kinds: (line) => line.warnings.split(',').filter(Boolean) as PayrollWarningKind[],
    org: (line) => org(line.orgUscc),
    // Someone on no roll the caller can read has no Person to resolve: say so here rather than ask staffing.
    person: (line) => (detail(line)?.rollOrgUscc ? { personKey: line.personKey } : null),
    rollOrg: (line) => {
      const uscc = detail(line)?.rollOrgUscc;
      return uscc ? org(uscc) : null;
    },
    status: (line) => detail(line)?.status as never,
    statusDate: (line) => detail(line)?.statusDate ?? null,
    diedOn: (line) => detail(line)?.diedOn ?? null,
    otherPayers: (line) => (detail(line)?.otherPayers ?? []).map(org),
  },
};
