import { MemoryNodeStore } from './memory-node-store';
import type { NodeStore } from './node-store';
import { RedisNodeStore } from './redis-node-store';

/** Redis when configured (every gateway instance sees each node change at once), otherwise in-process. */
export function openNodeStore(redisUrl: string | undefined, prefix: string): Promise<NodeStore> {
  return redisUrl ? RedisNodeStore.connect(redisUrl, prefix) : Promise.resolve(new MemoryNodeStore());
}
