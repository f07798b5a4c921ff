import DataLoader from 'dataloader';
import { In, type ObjectLiteral, type Repository, type SelectQueryBuilder } from 'typeorm';

import type { RegionScope } from './region-scope';

/** Largest IN list per statement; well under SQLite's 32,766 variables and MySQL's packet limits. */
const MAX_BATCH = 5000;

/**
 * Loads one row per key with a single `WHERE column IN (...)` per batch, so a request that
 * resolves N references issues one statement, not N.
 */
export function loaderByColumn<E extends ObjectLiteral, K extends keyof E & string>(
  repository: Repository<E>,
  column: K,
): DataLoader<E[K], E | null> {
  return new DataLoader<E[K], E | null>(
    async (keys) => {
      const rows = await repository.find({ where: { [column]: In([...keys]) } as never });
      const byKey = new Map(rows.map((row) => [row[column], row]));
      return keys.map((key) => byKey.get(key) ?? null);
    },
    { maxBatchSize: MAX_BATCH },
  );
}

/** How a one-to-many loader limits rows to the caller's region scope: the region column, or a condition of its own. */
export interface ScopedBy {
  scope: RegionScope;
  /** `row.regionCode`, or raw SQL such as a subquery column; the loader's alias is `row`. */
  expression: string;
}

/**
 * Loads every row whose column equals each key (one-to-many), ordered by id, one statement per batch;
 * with `scopedBy`, only rows in the caller's region scope (filtered in SQL).
 */
export function groupLoaderByColumn<E extends ObjectLiteral & { id: number }, K extends keyof E & string>(
  repository: Repository<E>,
  column: K,
  scopedBy?: ScopedBy,
): DataLoader<E[K], E[]> {
  return new DataLoader<E[K], E[]>(
    async (keys) => {
      const q: SelectQueryBuilder<E> = repository
        .createQueryBuilder('row')
        .where(`row.${column} IN (:...keys)`, { keys: [...keys] })
        .orderBy('row.id', 'ASC');
      if (scopedBy) scopedBy.scope.restrict(q, scopedBy.expression);
      const rows = await q.getMany();
      const groups = new Map<E[K], E[]>();
      for (const row of rows) {
        const list = groups.get(row[column]);
        if (list) list.push(row);
        else groups.set(row[column], [row]);
      }
      return keys.map((key) => groups.get(key) ?? []);
    },
    { maxBatchSize: MAX_BATCH },
  );
}
