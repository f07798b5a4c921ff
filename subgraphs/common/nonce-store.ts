import { logger } from '../../common/logger';
import { redisClient } from '../../common/redis-client';

/**
 * The nonces of signed gateway calls a subgraph has accepted, until their replay window is over. One
 * store per subgraph system, shared by its replicas (Redis), so a captured request is accepted once by
 * the whole system, not once per replica.
 */
export interface NonceStore {
  /** True the first time a nonce is claimed (before `expiresAt`, epoch ms); false for a replay. */
  claim(nonce: string, expiresAt: number): Promise<boolean>;
  close(): Promise<void>;
}

/** This process's nonces: enough for one replica (the default without REDIS_URL). */
export function memoryNonceStore(): NonceStore {
  const seen = new Map<string, number>();
  let nextSweep = 0;
  return {
    async claim(nonce, expiresAt) {
      const now = Date.now();
      if (now > nextSweep) {
        for (const [known, expires] of seen) if (expires < now) seen.delete(known);
        nextSweep = now + 60_000;
      }
      if (seen.has(nonce)) return false;
      seen.set(nonce, expiresAt);
      return true;
    },
    async close() {},
  };
}

/**
 * Nonces in Redis, one key each (SET NX with the window's expiry), under `<prefix>nonce:<subgraph>:`.
 * While Redis cannot be reached the replica still refuses what it has seen itself (its own memory),
 * and says so in its log: replicas lose each other's nonces for that time rather than refuse every
 * call of the gateway.
 */
export async function redisNonceStore(url: string, prefix: string, subgraph: string): Promise<NonceStore> {
  const client = redisClient(url, `${subgraph} nonce store`, { offlineQueue: false });
  await client.connect();
  const local = memoryNonceStore();
  const keyPrefix = `${prefix}nonce:${subgraph}:`;
  return {
    async claim(nonce, expiresAt) {
      if (!(await local.claim(nonce, expiresAt))) return false;
      try {
        return (await client.set(`${keyPrefix}${nonce}`, '1', { NX: true, PXAT: expiresAt })) === 'OK';
      } catch (error) {
        logger.warn(
          { err: (error as Error).message, subgraph },
          'nonce store unreachable: replays are refused by this replica only',
        );
        return true;
      }
    },
    async close() {
      await client.close();
    },
  };
}

/** Redis when a URL is given (REDIS_URL), else this process's memory. */
export const openNonceStore = (redisUrl: string | undefined, prefix: string, subgraph: string) =>
  redisUrl ? redisNonceStore(redisUrl, prefix, subgraph) : Promise.resolve(memoryNonceStore());
