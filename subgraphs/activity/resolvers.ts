import { IsNull } from 'typeorm';
import { checkPersonKey, checkUscc, regionLike } from '../common/arguments';
import { paginate } from '../common/pagination';
import { required } from '../common/references';
import { DateScalar } from '../common/scalars';
import type { Resolvers } from './generated/resolvers-types';
import { ActivityCategoryEntity } from './entities/activity-category';
import { WorkRecordEntity } from './entities/work-record';

export const resolvers: Resolvers = {
  Date: DateScalar,

  Query: {
    workRecords: (_, { filter, first, after }, { dataSource, maxPageSize }) => {
      const q = dataSource.getRepository(WorkRecordEntity).createQueryBuilder('record');
      if (filter?.personKey) q.andWhere('record.personKey = :key', { key: checkPersonKey(filter.personKey) });
      if (filter?.orgUscc) q.andWhere('record.orgUscc = :org', { org: checkUscc(filter.orgUscc, 'orgUscc') });
      if (filter?.regionCode) q.andWhere('record.regionCode LIKE :region', { region: regionLike(filter.regionCode) });
      if (filter?.categoryCode) q.andWhere('record.categoryCode = :category', { category: filter.categoryCode });
      if (filter?.from) q.andWhere('record.date >= :from', { from: filter.from });
      if (filter?.to) q.andWhere('record.date <= :to', { to: filter.to });
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
  },

  Person: {
    __resolveReference: (ref) => ({ personKey: ref.personKey }),
    workRecords: (person, { from, to, first, after }, { dataSource, maxPageSize }) => {
      const q = dataSource.getRepository(WorkRecordEntity).createQueryBuilder('record').where('record.personKey = :key', { key: person.personKey });
      if (from) q.andWhere('record.date >= :from', { from });
      if (to) q.andWhere('record.date <= :to', { to });
      return paginate(q, { first, after }, maxPageSize);
    },
  },

  Org: {
    __resolveReference: (ref) => ({ uscc: ref.uscc }),
    workRecords: (org, { from, to, first, after }, { dataSource, maxPageSize }) => {
      const q = dataSource.getRepository(WorkRecordEntity).createQueryBuilder('record').where('record.orgUscc = :org', { org: org.uscc });
      if (from) q.andWhere('record.date >= :from', { from });
      if (to) q.andWhere('record.date <= :to', { to });
      return paginate(q, { first, after }, maxPageSize);
    },
  },

  ActivityCategory: {
    parent: (category, _, { loaders }) => (category.parentCode ? loaders.categoryByCode.load(category.parentCode) : null),
    children: (category, _, { loaders }) => loaders.categoriesByParent.load(category.code),
  },

  WorkRecord: {
    person: (record) => ({ personKey: record.personKey }),
    org: (record) => ({ uscc: record.orgUscc }),
    category: (record, _, { loaders }) => required(loaders.categoryByCode.load(record.categoryCode), 'activity category'),
  },
};
