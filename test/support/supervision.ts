import { readFileSync } from 'node:fs';

import type { Manifest } from '../../subgraphs/seed/manifest';
import { manifestPath } from '../../subgraphs/seed/seed-databases';
import { mysqlStorage } from './env';
import { gqlData, type GraphqlTarget } from './graphql';

/** The test dataset's ground truth (only tests read it). */
export const testManifest = (): Manifest => JSON.parse(readFileSync(manifestPath(mysqlStorage), 'utf8')) as Manifest;

/** The payroll months of the dataset, as a check's range. */
export const PAY_RANGE = { fromMonth: '2026-04', toMonth: '2026-06' } as const;

/**
 * Every node of a paginated list inside a check's result: `path` leads from data to the connection,
 * the query takes $after and selects `nodes { ... } pageInfo { hasNextPage endCursor }` there.
 */
export async function allNodes<T>(
  target: GraphqlTarget,
  query: string,
  variables: Record<string, unknown>,
  path: string[],
): Promise<T[]> {
  const out: T[] = [];
  let after: string | null = null;
  for (let pages = 0; pages < 1000; pages++) {
    const data = await gqlData(target, query, { ...variables, after });
    const connection = path.reduce<any>((node, key) => node[key], data) as {
      nodes: T[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
    out.push(...connection.nodes);
    if (!connection.pageInfo.hasNextPage) return out;
    after = connection.pageInfo.endCursor;
  }
  throw new Error('more than 1000 pages');
}

export const sorted = <T>(values: Iterable<T>): T[] => [...values].sort();
