import { IsNull } from 'typeorm';

import { checkPersonKey, checkUscc } from '../../common/arguments';
import { FactTableScalar } from '../../common/fact-table';
import { whereBetween, whereEquals, whereRegion } from '../common/filters';
import { pageOf } from '../common/offset-page';
import { paginate } from '../common/pagination';
import { required } from '../common/references';
import { DateScalar } from '../common/scalars';
import type { Context } from './context';
import { ActivityCategoryEntity } from './entities/activity-category';
import { WorkRecordEntity } from './entities/work-record';
import { workPresenceFacts, workRecordFacts } from './facts';
import type { Resolvers } from './generated/resolvers-types';
import { restrictWorkRecords } from './work-record-scope';
import { workload } from './workload/workload';

export const resolvers: Resolvers = {
  Date: DateScalar,
  FactTable: FactTableScalar,

  Query: {
    workRecords: (_, { filter, first, after }, { dataSource, maxPageSize, scope, access }) => {
      const q = restrictWorkRecords(
        dataSource.getRepository(WorkRecordEntity).createQueryBuilder('record'),
        'record',
        scope,
        access,
      );
      whereEquals(q, 'record.personKey', filter?.personKey, (v) => checkPersonKey(v));
      whereEquals(q, 'record.orgUscc', filter?.orgUscc, (v) => checkUscc(v, 'orgUscc'));
      whereRegion(q, 'record.regionCode', filter?.regionCode);
      whereEquals(q, 'record.categoryCode', filter?.categoryCode);
      whereBetween(q, 'record.date', filter?.from, filter?.to);
      return paginate(q, { first, after }, maxPageSize);
    },

    activityCategories: (_, { parentCode, regionCode }, { dataSource }) =>
      dataSource.getRepository(ActivityCategoryEntity).find({
        where: {
          parentCode: parentCode ?? IsNull(),
          ...(regionCode ? { regionCode } : {}),
        },
        order: { code: 'ASC' },
      }),

    workload: async (_, { filter, first, after }, { dataSource, maxPageSize, scope, access }) =>
      pageOf(await workload(dataSource, scope, access, filter), { first, after }, maxPageSize),

    workPresenceFacts: (_, args, { dataSource, scope }) => workPresenceFacts(dataSource, scope, args),
    workRecordFacts: (_, args, { dataSource, scope }) => workRecordFacts(dataSource, scope, args),
  },

  Person: {
    __resolveReference: (ref) => ({ personKey: ref.personKey }),
    workRecords: (person, args, context) => workRecordsOf('record.personKey', person.personKey, args, context),
  },

  Org: {
    __resolveReference: (ref) => ({ uscc: ref.uscc }),
    workRecords: (org, args, context) => workRecordsOf('record.orgUscc', org.uscc, args, context),
  },

  ActivityCategory: {
    parent: (category, _, { loaders }) =>
      category.parentCode ? loaders.categoryByCode.load(category.parentCode) : null,
    children: (category, _, { loaders }) => loaders.categoriesByParent.load(category.code),
  },

  Workload: {
    person: (row) => (row.personKey ? { personKey: row.personKey } : null),
    org: (row) => ({ uscc: row.orgUscc }),
    category: (row, _, { loaders }) => required(loaders.categoryByCode.load(row.categoryCode), 'activity category'),
  },

  WorkRecord: {
    person: (record) => ({ personKey: record.personKey }),
    org: (record) => ({ uscc: record.orgUscc }),
    category: (record, _, { loaders }) =>
      required(loaders.categoryByCode.load(record.categoryCode), 'activity category'),
  },
};

/** One person's or one body's work records in a date range, a page at a time. */
function workRecordsOf(
  column: string,
  value: string,
  {
    from,
    to,
    first,
    after,
  }: { from?: string | null; to?: string | null; first?: number | null; after?: string | null },
  { dataSource, maxPageSize, scope, access }: Context,
) {
  const q = restrictWorkRecords(
    dataSource.getRepository(WorkRecordEntity).createQueryBuilder('record'),
    'record',
    scope,
    access,
  );
  whereEquals(q, column, value);
  whereBetween(q, 'record.date', from, to);
  return paginate(q, { first, after }, maxPageSize);
}
