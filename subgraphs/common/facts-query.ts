import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

import { checkKeyList } from './key-list';

/** Building the bulk-facts queries the supervision subgraph reads: one statement per call. */

/** SELECT expression AS alias, for each `alias: expression`. */
export function selectColumns<T extends ObjectLiteral>(
  q: SelectQueryBuilder<T>,
  columns: Record<string, string>,
): SelectQueryBuilder<T> {
  Object.entries(columns).forEach(([alias, expression], i) =>
    i === 0 ? q.select(expression, alias) : q.addSelect(expression, alias),
  );
  return q;
}

/**
 * Limits rows to the keys of a list argument (bounded, each checked) when one is given. False when
 * the list is empty: there is nothing to read, and `IN ()` is not SQL.
 */
export function whereKeysIn<T extends ObjectLiteral, K>(
  q: SelectQueryBuilder<T>,
  column: string,
  values: readonly string[] | null | undefined,
  argument: string,
  check: (value: string, argument: string) => K,
): boolean {
  if (values === null || values === undefined) return true;
  const keys = checkKeyList(values, argument, check);
  if (keys.length === 0) return false;
  q.andWhere(`${column} IN (:...${argument})`, { [argument]: keys });
  return true;
}
