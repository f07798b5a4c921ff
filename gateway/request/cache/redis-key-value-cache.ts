import type { KeyValueCache, KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import type { RedisClientType } from 'redis';

import { redisClient } from '../../../common/redis-client';

/**
 * Strings in Redis under a prefix, shared by every gateway instance: the automatic persisted queries
 * (a hash registered on one is known to all) and the response cache. Keys expire with the TTL given,
 * so neither can grow without bound.
 */
export class RedisKeyValueCache implements KeyValueCache<string> {
  private constructor(
    private readonly client: RedisClientType,
    private readonly prefix: string,
  ) {}

  /** `prefix` ends with the store's own part, e.g. govgraph:apq: */
  static async connect(url: string, prefix: string): Promise<RedisKeyValueCache> {
    const client = redisClient(url, `cache ${prefix}`, { offlineQueue: false });
    await client.connect();
    return new RedisKeyValueCache(client, prefix);
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.client.get(this.prefix + key)) ?? undefined;
  }

  async set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    const ttl = options?.ttl;
    await this.client.set(this.prefix + key, value, ttl ? { expiration: { type: 'EX', value: Math.ceil(ttl) } } : {});
  }

  async delete(key: string): Promise<boolean> {
    return (await this.client.del(this.prefix + key)) > 0;
  }

  async close(): Promise<void> {
    await this.client.close().catch(() => undefined);
  }
}
