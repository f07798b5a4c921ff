import { RedisRegistryStore } from '../../gateway/control/registry/redis-store';
import { createGateway, type RegistryGateway } from '../../gateway/create-gateway';
import { DEFAULT_CALL_POLICY } from '../../gateway/request/resilience/call-policy';
import type { StartedSubgraph } from '../../subgraphs/common/run-subgraph';
import { startTestRealm, testAccess, type TestRealm } from '../support/access';
import { mysqlStorage } from '../support/env';
import { gqlData } from '../support/graphql';
import { dropPrefix, TEST_REDIS_URL, testPrefix } from '../support/redis';
import { shippedSpecs, startSubgraphs } from '../support/stack';
import { TcpProxy } from '../support/tcp-proxy';
import { waitUntil } from '../support/wait';

const QUERY = '{ orgs(first: 3) { totalCount nodes { name } } }';
const readyz = async (gateway: RegistryGateway) =>
  (await (await fetch(gateway.url.replace('/graphql', '/readyz'))).json()) as {
    status: string;
    composition: number;
    registry: { ok: boolean; detail: string };
    lastReloadError?: string;
  };

/** Hot reload never trades a working graph for a broken one, and survives losing Redis. */
describe('registry reload safety', () => {
  const prefix = testPrefix();
  const redis = new URL(TEST_REDIS_URL);
  const proxy = new TcpProxy({ host: redis.hostname, port: Number(redis.port || 6379) });
  let subgraphs: Record<string, StartedSubgraph>;
  let direct: RegistryGateway;
  let proxied: RegistryGateway;
  let writer: RedisRegistryStore;
  let realm: TestRealm;

  beforeAll(async () => {
    subgraphs = await startSubgraphs(mysqlStorage);
    await proxy.open();
    realm = await startTestRealm();
    const access = await testAccess(realm);
    const options = (store: RedisRegistryStore) => ({
      source: {
        registry: { store, allowedHosts: ['127.0.0.1'], adminTokens: '', bootstrap: () => shippedSpecs(subgraphs) },
      },
      calls: DEFAULT_CALL_POLICY,
      access,
      host: '127.0.0.1',
      port: 0,
    });
    direct = await createGateway(options(await RedisRegistryStore.connect(TEST_REDIS_URL, prefix)));
    proxied = await createGateway(options(await RedisRegistryStore.connect(`redis://127.0.0.1:${proxy.port}`, prefix)));
    writer = await RedisRegistryStore.connect(TEST_REDIS_URL, prefix);
  }, 60_000);

  afterAll(async () => {
    // The gateways first: the proxied one's Redis client must close while its proxy still answers.
    await Promise.all([direct?.close(), proxied?.close(), writer?.close()]);
    await Promise.all([
      realm?.close(),
      proxy[Symbol.asyncDispose](),
      ...Object.values(subgraphs ?? {}).map((s) => s.close()),
    ]);
    await dropPrefix(prefix);
  });

  /** A new live composition, made from the bootstrap one and written straight to the store, as a buggy writer could. */
  const publish = (supergraphOf: (sdl: string) => string) =>
    writer.transact(async (state) => {
      const current = (await writer.composition(1))!;
      const version = state.lastVersion + 1;
      const next = { ...current, version, reason: 'test', supergraphSdl: supergraphOf(current.supergraphSdl) };
      return {
        state: { ...state, live: version, lastVersion: version },
        changes: { compositions: [next], events: [] },
        result: version,
      };
    });

  it('a composition that fails to build never replaces the working one', async () => {
    const before = await gqlData(direct.url, QUERY);
    // A damaged supergraph (a writer bug, a truncated copy): it cannot be built.
    const broken = await publish((sdl) => sdl.replace('type Query', 'type Query {{'));
    await waitUntil(2000, async () => Boolean((await readyz(direct)).lastReloadError));
    const status = await readyz(direct);
    expect(status.lastReloadError).toMatch(new RegExp(`composition ${broken} not served`));
    expect(status.composition).toBe(1);
    expect(direct.version()).toBe(1);
    expect(await gqlData(direct.url, QUERY)).toEqual(before);
  });

  it('with Redis unreachable it keeps serving, says so on /readyz, and catches up after reconnecting', async () => {
    const working = await publish((sdl) => sdl);
    await waitUntil(2000, () => direct.version() === working && proxied.version() === working);

    await proxy.cut();
    await waitUntil(3000, async () => (await readyz(proxied)).registry.ok === false);
    const down = await readyz(proxied);
    expect(down.status).toBe('ready');
    expect(down.registry.detail).toMatch(/redis unreachable: serving the last good composition/);
    expect((await gqlData(proxied.url, QUERY)).orgs.totalCount).toBeGreaterThan(0);

    // A change made while this instance could not hear it.
    const missed = await publish((sdl) => sdl);
    await waitUntil(2000, () => direct.version() === missed);
    expect(proxied.version()).toBe(working);

    await proxy.open();
    await waitUntil(5000, async () => (await readyz(proxied)).registry.ok && proxied.version() === missed);
    expect((await gqlData(proxied.url, QUERY)).orgs.totalCount).toBeGreaterThan(0);
  }, 20_000);
});
