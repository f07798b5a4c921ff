import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';

import { loaderByColumn } from '../common/loaders';
import { ActivityCategoryEntity } from './entities/activity-category';

/** Per-request batch loaders: one statement per type per level of a query. */
export function createActivityLoaders(dataSource: DataSource) {
  const categories = dataSource.getRepository(ActivityCategoryEntity);
  return {
    categoryByCode: loaderByColumn(categories, 'code'),
    categoriesByParent: new DataLoader<string, ActivityCategoryEntity[]>(async (parents) => {
      const rows = await categories.find({ where: { parentCode: In([...parents]) }, order: { code: 'ASC' } });
      return parents.map((parent) => rows.filter((row) => row.parentCode === parent));
    }),
  };
}

export type ActivityLoaders = ReturnType<typeof createActivityLoaders>;
