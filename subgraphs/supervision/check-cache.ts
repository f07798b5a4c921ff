import { LRUCache } from 'lru-cache';

import type { SubgraphAccess } from '../../common/gateway-signature';

/**
 * A check's result, kept briefly so that paging through its findings does not recompute it.
 * Keyed by the caller's whole access context (user, roles, clearance, region scope, purpose) and
 * the arguments: one caller's result is never served to another. Concurrent equal requests share
 * one computation; a failed one is not kept.
 */
export class CheckCache {
  private readonly results: LRUCache<string, Promise<unknown>>;

  constructor(ttlMs: number, maxEntries = 32) {
    this.results = new LRUCache({ max: maxEntries, ttl: Math.max(1, ttlMs) });
  }

  /** `keep`: whether a result may serve later requests (default every one that did not fail). */
  run<T>(
    check: string,
    access: SubgraphAccess,
    args: unknown,
    compute: () => Promise<T>,
    keep: (result: T) => boolean = () => true,
  ): Promise<T> {
    const key = JSON.stringify([
      check,
      access.user,
      access.roles,
      access.clearance,
      access.regions,
      access.purpose,
      args,
    ]);
    const cached = this.results.get(key) as Promise<T> | undefined;
    if (cached) return cached;
    const result = compute();
    this.results.set(key, result);
    result.then(
      (value) => {
        if (!keep(value) && this.results.get(key) === result) this.results.delete(key);
      },
      () => this.results.delete(key),
    );
    return result;
  }
}
