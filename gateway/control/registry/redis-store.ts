import { randomUUID } from 'node:crypto';
import type { RedisClientType } from 'redis';

import { redisClient } from '../../../common/redis-client';
import { subscribeWithReconnect } from '../../../common/redis-subscription';
import type { CompositionVersion, RegistryEvent } from './model';
import { emptyState, type RegistryChanges, type RegistryState, type RegistryStore } from './store';

const LOCK_TTL_MS = 15_000;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * The registry shared by every gateway instance: state and compositions in Redis, changes announced
 * on a pub/sub channel so each instance reloads within moments. Mutations hold a lock key with a
 * token and a TTL, so a crashed admin call cannot wedge the registry.
 */
export class RedisRegistryStore implements RegistryStore {
  private readonly keys;
  private subscriber: RedisClientType | undefined;
  private connected = false;

  private constructor(
    private readonly client: RedisClientType,
    prefix: string,
  ) {
    this.keys = {
      state: `${prefix}registry:state`,
      lock: `${prefix}registry:lock`,
      composition: (v: number) => `${prefix}registry:composition:${v}`,
      events: `${prefix}registry:events`,
      channel: `${prefix}registry:live`,
    };
  }

  /** Connects (failing fast if Redis cannot be reached at start) and keeps reconnecting afterwards. */
  static async connect(url: string, prefix = 'govgraph:'): Promise<RedisRegistryStore> {
    const client = redisClient(url, 'registry', { offlineQueue: true });
    const store = new RedisRegistryStore(client, prefix);
    client.on('ready', () => (store.connected = true));
    client.on('end', () => (store.connected = false));
    client.on('reconnecting', () => (store.connected = false));
    await client.connect();
    store.connected = true;
    return store;
  }

  async read(): Promise<RegistryState> {
    const raw = await this.client.get(this.keys.state);
    return raw ? (JSON.parse(raw) as RegistryState) : emptyState();
  }

  async transact<T>(
    fn: (state: RegistryState) => Promise<{ state: RegistryState; changes: RegistryChanges; result: T }>,
  ): Promise<T> {
    const token = randomUUID();
    const deadline = Date.now() + LOCK_TTL_MS;
    while ((await this.client.set(this.keys.lock, token, { NX: true, PX: LOCK_TTL_MS })) !== 'OK') {
      if (Date.now() > deadline) throw new Error('the registry is busy (lock held by another admin call); try again');
      await new Promise((done) => setTimeout(done, 25));
    }
    try {
      const before = await this.read();
      const { state, changes, result } = await fn(structuredClone(before));
      const multi = this.client.multi();
      for (const c of [...changes.compositions, ...(changes.restored ?? [])])
        multi.set(this.keys.composition(c.version), JSON.stringify(c));
      for (const e of changes.events) multi.rPush(this.keys.events, JSON.stringify(e));
      multi.set(this.keys.state, JSON.stringify(state));
      if (state.live !== null && state.live !== before.live) multi.publish(this.keys.channel, String(state.live));
      await multi.exec();
      return result;
    } finally {
      await this.client.eval(RELEASE, { keys: [this.keys.lock], arguments: [token] });
    }
  }

  async composition(version: number): Promise<CompositionVersion | undefined> {
    const raw = await this.client.get(this.keys.composition(version));
    return raw ? (JSON.parse(raw) as CompositionVersion) : undefined;
  }

  async compositions(): Promise<CompositionVersion[]> {
    const { lastVersion } = await this.read();
    const list: CompositionVersion[] = [];
    for (let v = 1; v <= lastVersion; v++) {
      const c = await this.composition(v);
      if (c) list.push(c);
    }
    return list;
  }

  async events(last: number): Promise<RegistryEvent[]> {
    return (await this.client.lRange(this.keys.events, -last, -1)).map((e) => JSON.parse(e) as RegistryEvent);
  }

  /** After a reconnect the live version is read again (messages sent while away are lost). */
  async watch(listener: (live: number | null) => void): Promise<void> {
    this.subscriber = await subscribeWithReconnect(
      this.client,
      this.keys.channel,
      (message) => {
        const version = Number(message);
        if (Number.isInteger(version)) listener(version);
      },
      () =>
        void this.read().then(
          (state) => listener(state.live),
          () => undefined,
        ),
      'registry',
    );
  }

  health() {
    return this.connected
      ? { ok: true, detail: 'redis connected' }
      : { ok: false, detail: 'redis unreachable: serving the last good composition' };
  }

  async close(): Promise<void> {
    await this.subscriber?.close().catch(() => undefined);
    await this.client.close().catch(() => undefined);
  }
}
