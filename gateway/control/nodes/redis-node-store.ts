import { redisClient } from '../../../common/redis-client';
import { RedisNodeFeed } from '../../../common/regional-nodes/redis-node-feed';
import { HOLDS_REGION, type RegionalNode } from '../../../common/regional-nodes/regional-node';
import type { NodeEvent, NodeStore } from './node-store';

/** Claims a region for a node and saves it, or does nothing when another node holds the region. */
const CREATE = `
if redis.call('set', KEYS[2], ARGV[1], 'NX') then
  redis.call('hset', KEYS[1], ARGV[1], ARGV[2])
  redis.call('rpush', KEYS[3], ARGV[3])
  redis.call('publish', KEYS[4], ARGV[2])
  return 1
end
return 0`;

/** Saves a node, giving up its region when it no longer holds it (only if the claim is its own). */
const UPDATE = `
redis.call('hset', KEYS[1], ARGV[1], ARGV[2])
if ARGV[4] == '1' and redis.call('get', KEYS[2]) == ARGV[1] then redis.call('del', KEYS[2]) end
redis.call('rpush', KEYS[3], ARGV[3])
redis.call('publish', KEYS[4], ARGV[2])
return 1`;

/** Nodes shared by every gateway instance: the registry's records and channel, and the writes that claim regions. */
export class RedisNodeStore extends RedisNodeFeed implements NodeStore {
  static async connect(url: string, prefix = 'govgraph:'): Promise<RedisNodeStore> {
    const client = redisClient(url, 'node registry', { offlineQueue: true });
    await client.connect();
    return new RedisNodeStore(client, prefix);
  }

  async create(node: RegionalNode, event: NodeEvent): Promise<boolean> {
    const created = await this.client.eval(CREATE, {
      keys: [this.keys.nodes, this.keys.claim(node), this.keys.events, this.keys.channel],
      arguments: [node.id, JSON.stringify(node), JSON.stringify(event)],
    });
    return created === 1;
  }

  async update(node: RegionalNode, event: NodeEvent): Promise<void> {
    await this.client.eval(UPDATE, {
      keys: [this.keys.nodes, this.keys.claim(node), this.keys.events, this.keys.channel],
      arguments: [node.id, JSON.stringify(node), JSON.stringify(event), HOLDS_REGION.has(node.status) ? '0' : '1'],
    });
  }

  async events(last: number): Promise<NodeEvent[]> {
    return (await this.client.lRange(this.keys.events, -last, -1)).map((e) => JSON.parse(e) as NodeEvent);
  }
}
