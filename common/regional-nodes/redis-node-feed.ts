import type { RedisClientType } from 'redis';

import { redisClient } from '../redis-client';
import { subscribeWithReconnect } from '../redis-subscription';
import type { NodeFeed } from './node-feed';
import type { RegionalNode } from './regional-node';

/** Where the node registry lives in Redis: one hash of node records, a claim key per (system, region), the steps, the channel. */
export function nodeRegistryKeys(prefix: string) {
  return {
    nodes: `${prefix}nodes`,
    claim: (node: RegionalNode) => `${prefix}nodes:region:${node.system}:${node.regionCode}`,
    events: `${prefix}nodes:events`,
    channel: `${prefix}nodes:changed`,
  };
}

/**
 * The node registry as its readers see it: the records in the hash, and each change published on the
 * channel with the node itself, so a reader applies it without reading anything (one node, however
 * many there are). The gateway's store adds the writes.
 */
export class RedisNodeFeed implements NodeFeed {
  protected readonly keys;
  private subscriber: RedisClientType | undefined;

  protected constructor(
    protected readonly client: RedisClientType,
    prefix: string,
  ) {
    this.keys = nodeRegistryKeys(prefix);
  }

  static async open(url: string, prefix = 'govgraph:'): Promise<RedisNodeFeed> {
    const client = redisClient(url, 'node registry', { offlineQueue: true });
    await client.connect();
    return new RedisNodeFeed(client, prefix);
  }

  async all(): Promise<RegionalNode[]> {
    return Object.values(await this.client.hGetAll(this.keys.nodes)).map((raw) => JSON.parse(raw) as RegionalNode);
  }

  async get(id: string): Promise<RegionalNode | undefined> {
    const raw = await this.client.hGet(this.keys.nodes, id);
    return raw ? (JSON.parse(raw) as RegionalNode) : undefined;
  }

  /** After a reconnect everything is read again (messages sent while away are lost). */
  async watch(listener: (node: RegionalNode | null) => void): Promise<void> {
    this.subscriber = await subscribeWithReconnect(
      this.client,
      this.keys.channel,
      (message) => {
        try {
          listener(JSON.parse(message) as RegionalNode);
        } catch {
          listener(null);
        }
      },
      () => listener(null),
      'node registry',
    );
  }

  async close(): Promise<void> {
    await this.subscriber?.close().catch(() => undefined);
    await this.client.close().catch(() => undefined);
  }
}
