import type { DataSource } from 'typeorm';

import { containsLike } from '../../common/arguments';
import { whereEquals, whereOrgUscc, whereRegion } from '../common/filters';
import { offsetCursor, offsetOf } from '../common/offset-page';
import { checkPageSize, type Connection } from '../common/pagination';
import { PowerItemEntity, type PowerCategory } from './entities/power-item';
import { ResponsibilityItemEntity } from './entities/responsibility-item';

export interface PowerListCountRow {
  orgId: number;
  category: PowerCategory;
  powerItems: number;
  responsibilityItems: number;
}

export interface PowerListFilter {
  orgUscc?: string | null;
  category?: PowerCategory | null;
  regionCode?: string | null;
  nameContains?: string | null;
}

/**
 * 权力清单 items counted per body and category, with the 责任清单 items that concern them: one
 * grouped statement (the groups are few next to the items), paged by offset over a stable order.
 */
export async function powerListCounts(
  dataSource: DataSource,
  filter: PowerListFilter | null | undefined,
  page: { first?: number | null; after?: string | null },
  maxPageSize: number,
): Promise<Connection<PowerListCountRow>> {
  const size = checkPageSize(page.first, maxPageSize);
  const offset = offsetOf(page.after);
  const q = dataSource
    .getRepository(PowerItemEntity)
    .createQueryBuilder('item')
    .leftJoin(ResponsibilityItemEntity, 'duty', 'duty.powerItemId = item.id')
    .select('item.orgId', 'orgId')
    .addSelect('item.category', 'category')
    .addSelect('COUNT(DISTINCT item.id)', 'powerItems')
    .addSelect('COUNT(duty.id)', 'responsibilityItems')
    .groupBy('item.orgId')
    .addGroupBy('item.category');
  whereOrgUscc(q, 'item.orgId', filter?.orgUscc);
  whereEquals(q, 'item.category', filter?.category);
  whereRegion(q, 'item.regionCode', filter?.regionCode);
  if (filter?.nameContains) q.andWhere('item.name LIKE :name', { name: containsLike(filter.nameContains) });
  const rows =
    size === 0
      ? []
      : await q
          .clone()
          .orderBy('item.orgId', 'ASC')
          .addOrderBy('item.category', 'ASC')
          .offset(offset)
          .limit(size + 1)
          .getRawMany<Record<string, unknown>>();
  const nodes = rows.slice(0, size).map((r) => ({
    orgId: Number(r['orgId']),
    category: r['category'] as PowerCategory,
    powerItems: Number(r['powerItems']),
    responsibilityItems: Number(r['responsibilityItems']),
  }));
  return {
    nodes,
    pageInfo: { hasNextPage: rows.length > size, endCursor: nodes.length ? offsetCursor(offset + nodes.length) : null },
    // How many groups, counted by the database rather than by fetching them all.
    totalCount: async () => {
      const count = await dataSource
        .createQueryBuilder()
        .select('COUNT(*)', 'groups')
        .from(`(${q.getQuery()})`, 'grouped')
        .setParameters(q.getParameters())
        .getRawOne<{ groups: unknown }>();
      return Number(count?.groups ?? 0);
    },
  };
}
