import { regionCovers } from '../identifiers/region-code';

/**
 * A region scope narrowed by a query's own region filter: the filter where the scope covers it, the
 * scope's parts that lie inside the filter, and nothing for a filter outside the scope. A caller with
 * no region scope is narrowed to the filter.
 */
export function narrowScope(scope: readonly string[], filter: string): string[] {
  if (!scope.length) return [filter];
  const regions = new Set<string>();
  for (const s of scope)
    if (regionCovers(s, filter)) regions.add(filter);
    else if (regionCovers(filter, s)) regions.add(s);
  return [...regions].sort();
}
