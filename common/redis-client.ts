import { createClient, type RedisClientType } from 'redis';

import { logger } from './logger';

/**
 * A Redis client, not yet connected, that keeps reconnecting (backing off to 2 s) and logs its errors
 * under `purpose`. Without the offline queue a command fails at once while Redis is away, for callers
 * that have a fallback (rate limits, caches) rather than wait for it.
 */
export function redisClient(url: string, purpose: string, options: { offlineQueue: boolean }): RedisClientType {
  const client: RedisClientType = createClient({
    url,
    disableOfflineQueue: !options.offlineQueue,
    socket: { reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 2000), connectTimeout: 3000 },
  });
  client.on('error', (error: Error) => logger.warn({ err: error.message }, `${purpose} redis error`));
  return client;
}
