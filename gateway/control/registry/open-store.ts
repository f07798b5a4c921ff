import { MemoryRegistryStore } from './memory-store';
import { RedisRegistryStore } from './redis-store';
import type { RegistryStore } from './store';

/** Redis when configured (a fleet of gateways), otherwise in-process (the embedded default). */
export function openRegistryStore(redisUrl: string | undefined, prefix: string): Promise<RegistryStore> {
  return redisUrl ? RedisRegistryStore.connect(redisUrl, prefix) : Promise.resolve(new MemoryRegistryStore());
}
