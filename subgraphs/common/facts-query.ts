import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

import { checkPersonKey } from '../../common/arguments';
import { badUserInput } from '../../common/errors';
import { MAX_FACT_PAGE_ROWS } from '../../common/fact-limits';
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

/** The arguments of a key-ordered page of facts: the rows of the keys after `afterKey`, at most `first`. */
export interface KeyPage {
  afterKey?: string | null;
  first?: number | null;
}

/**
 * A page of facts in key order, for a reader that streams a whole population and merges the pages of
 * many nodes by key (k-way). Without `first` every row comes back, in no set order, as before.
 */
export function keyOrderedPage<T extends ObjectLiteral>(q: SelectQueryBuilder<T>, column: string, page: KeyPage): void {
  if (page.afterKey !== null && page.afterKey !== undefined)
    q.andWhere(`${column} > :afterKey`, { afterKey: checkPersonKey(page.afterKey, 'afterKey') });
  if (page.first === null || page.first === undefined) return;
  if (!Number.isInteger(page.first) || page.first < 1 || page.first > MAX_FACT_PAGE_ROWS)
    throw badUserInput(`first must be between 1 and ${MAX_FACT_PAGE_ROWS}`, 'first');
  q.orderBy(column, 'ASC').limit(page.first);
}
