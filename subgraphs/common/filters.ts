import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

import { checkUscc, regionLike } from '../../common/arguments';

/**
 * Filters shared by list queries. `column` is `alias.property`; parameter names derive from it, so
 * several filters combine on one query without clashing.
 */
export function param(column: string, suffix: string): string {
  return `${column.replace(/\W/g, '_')}_${suffix}`;
}

/** Rows of a region and below (GB/T 2260 prefix). */
export function whereRegion<T extends ObjectLiteral>(
  q: SelectQueryBuilder<T>,
  column: string,
  regionCode: string | null | undefined,
): void {
  if (!regionCode) return;
  q.andWhere(`${column} LIKE :${param(column, 'region')}`, { [param(column, 'region')]: regionLike(regionCode) });
}

/** Rows whose date (or month) lies in [from, to], either end open. */
export function whereBetween<T extends ObjectLiteral>(
  q: SelectQueryBuilder<T>,
  column: string,
  from: string | null | undefined,
  to: string | null | undefined,
): void {
  if (from) q.andWhere(`${column} >= :${param(column, 'from')}`, { [param(column, 'from')]: from });
  if (to) q.andWhere(`${column} <= :${param(column, 'to')}`, { [param(column, 'to')]: to });
}

/** Equality on a column when the filter value is given, after an optional argument check. */
export function whereEquals<T extends ObjectLiteral, V extends string | number>(
  q: SelectQueryBuilder<T>,
  column: string,
  value: V | null | undefined,
  check?: (value: V) => V,
): void {
  if (value === null || value === undefined) return;
  q.andWhere(`${column} = :${param(column, 'eq')}`, { [param(column, 'eq')]: check ? check(value) : value });
}

/** Staffing rows whose org_id is the body with this USCC. */
export function whereOrgUscc<T extends ObjectLiteral>(
  q: SelectQueryBuilder<T>,
  column: string,
  uscc: string | null | undefined,
  argument = 'orgUscc',
): void {
  if (!uscc) return;
  q.andWhere(`${column} = (SELECT o.id FROM org o WHERE o.uscc = :${param(column, 'uscc')})`, {
    [param(column, 'uscc')]: checkUscc(uscc, argument),
  });
}
