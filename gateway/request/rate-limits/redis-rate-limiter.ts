import type { RedisClientType } from 'redis';

import { logger } from '../../../common/logger';
import { redisClient } from '../../../common/redis-client';
import { MemoryRateLimiter } from './memory-rate-limiter';
import { bucketTiming, type RateBucket, type RateDecision, type RateLimiter } from './rate-limiter';

/**
 * GCRA over every bucket at once, atomically, on Redis's clock (so instances with skewed clocks agree).
 * KEYS: the buckets; ARGV: cost, then each bucket's interval and span in ms. Returns {allowed, waitMs}.
 */
const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local cost = tonumber(ARGV[1])
local wait = 0
local arrivals = {}
for i, key in ipairs(KEYS) do
  local interval = tonumber(ARGV[2 * i])
  local span = tonumber(ARGV[2 * i + 1])
  local stored = tonumber(redis.call('GET', key) or '0')
  local arrival = math.max(stored, now) + cost * interval
  wait = math.max(wait, arrival - now - span)
  arrivals[i] = arrival
end
if wait > 0 then return {0, math.ceil(wait)} end
for i, key in ipairs(KEYS) do
  redis.call('SET', key, string.format('%.3f', arrivals[i]), 'PX', math.ceil(arrivals[i] - now) + 1)
end
return {1, 0}
`;

/**
 * Buckets shared by every gateway instance, in Redis. If Redis cannot answer, requests are limited by
 * this instance's own buckets meanwhile (a fleet then allows up to N times the rate) rather than refused.
 */
export class RedisRateLimiter implements RateLimiter {
  private readonly fallback = new MemoryRateLimiter();

  private constructor(
    private readonly client: RedisClientType,
    private readonly prefix: string,
  ) {}

  static async connect(url: string, prefix = 'govgraph:'): Promise<RedisRateLimiter> {
    // No offline queue: while Redis is away a request falls back at once instead of waiting for it.
    const client = redisClient(url, 'rate-limit', { offlineQueue: false });
    await client.connect();
    return new RedisRateLimiter(client, `${prefix}rate:`);
  }

  async take(buckets: readonly RateBucket[], cost: number): Promise<RateDecision> {
    const args = [String(cost)];
    for (const bucket of buckets) {
      const { intervalMs, spanMs } = bucketTiming(bucket);
      args.push(String(intervalMs), String(spanMs));
    }
    try {
      const [allowed, waitMs] = (await this.client.eval(TAKE, {
        keys: buckets.map((b) => this.prefix + b.key),
        arguments: args,
      })) as [number, number];
      return { allowed: allowed === 1, retryAfterMs: waitMs };
    } catch (error) {
      logger.warn(
        { err: error instanceof Error ? error.message : String(error) },
        'rate limits fall back to this instance while Redis fails',
      );
      return this.fallback.take(buckets, cost);
    }
  }

  async close(): Promise<void> {
    await this.client.close().catch(() => undefined);
  }
}

/** Redis when configured (shared by the fleet), otherwise in-process (the embedded default). */
export async function openRateLimiter(redisUrl: string | undefined, prefix: string): Promise<RateLimiter> {
  return redisUrl ? RedisRateLimiter.connect(redisUrl, prefix) : new MemoryRateLimiter();
}
