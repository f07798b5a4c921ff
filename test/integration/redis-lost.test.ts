import type { RunningServer } from '../../common/http-server';
import { RegistryHistory } from '../../gateway/control/history/registry-history';
import { RedisRegistryStore } from '../../gateway/control/registry/redis-store';
import { createGateway, type RegistryGateway } from '../../gateway/create-gateway';
import { RedisRateLimiter } from '../../gateway/request/rate-limits/redis-rate-limiter';
import { DEFAULT_CALL_POLICY } from '../../gateway/request/resilience/call-policy';
import type { StartedSubgraph } from '../../subgraphs/common/run-subgraph';
import { startPartnerSubgraph } from '../../subgraphs/partner-example/housing-subgraph';
import { caller, INSPECTION_PURPOSE, startTestRealm, testAccess, type TestRealm } from '../support/access';
import { mysqlStorage, TEST_PREFIX } from '../support/env';
import { gql } from '../support/graphql';
import { SqlOracle } from '../support/mysql';
import { dropPrefix, TEST_REDIS_URL, testPrefix } from '../support/redis';
import { shippedSpecs, startSubgraphs } from '../support/stack';
import { TcpProxy } from '../support/tcp-proxy';
import { waitUntil } from '../support/wait';

const storage = { ...mysqlStorage, databasePrefix: `${TEST_PREFIX}redislost_` };
const HOUSING = '{ people(first: 2) { nodes { housingSubsidies { amount } } } }';

/**
 * Redis lost and back empty while a gateway runs (a TCP proxy in front of it, cut; the gateway's keys
 * deleted meanwhile): the gateway keeps serving its composition, and when Redis answers again the
 * registry is restored from the gateway database's history, changes work again, and rate limits hold.
 */
describe('Redis lost and restarted empty', () => {
  const sql = new SqlOracle();
  const prefix = testPrefix();
  let proxy: TcpProxy;
  let staffing: StartedSubgraph;
  let partner: RunningServer;
  let realm: TestRealm;
  let gateway: RegistryGateway;

  beforeAll(async () => {
    await sql.rows(`DROP DATABASE IF EXISTS ${storage.databasePrefix}gateway`);
    const redis = new URL(TEST_REDIS_URL);
    proxy = await new TcpProxy({ host: redis.hostname, port: Number(redis.port || 6379) }).open();
    const viaProxy = `redis://127.0.0.1:${proxy.port}`;
    staffing = (await startSubgraphs(mysqlStorage, ['staffing']))['staffing']!;
    partner = await startPartnerSubgraph();
    realm = await startTestRealm();
    const policy = (await testAccess(realm)).policy;
    policy.cache = { ...policy.cache, enabled: false };
    policy.rateLimits = { ...policy.rateLimits, user: { requests: 3, perSeconds: 600 } };
    gateway = await createGateway({
      source: {
        registry: {
          store: await RedisRegistryStore.connect(viaProxy, prefix),
          history: await RegistryHistory.open(storage),
          allowedHosts: ['127.0.0.1'],
          adminTokens: '',
          bootstrap: () => shippedSpecs({ staffing }),
        },
      },
      calls: DEFAULT_CALL_POLICY,
      access: await testAccess(realm, {}, policy),
      rateLimiter: await RedisRateLimiter.connect(viaProxy, prefix),
      host: '127.0.0.1',
      port: 0,
    });
  }, 60_000);
  afterAll(async () => {
    await gateway?.close();
    await Promise.all([staffing?.close(), partner?.close(), realm?.close()]);
    await proxy?.[Symbol.asyncDispose]();
    await dropPrefix(prefix);
    await sql[Symbol.asyncDispose]();
  });

  it('serves on while Redis is gone; restores the registry from history when it is back empty; limits hold again', async () => {
    await gateway.registry.register(
      { name: 'housing', url: partner.url, department: 'housing-bureau', contact: 'x' },
      'alice',
    );
    await gateway.registry.approve('housing', 1, 'bob');
    await waitUntil(5000, () => gateway.version() === 2);
    const reader = async (user: string) =>
      caller(gateway.url, await realm.mint({ user, roles: ['supervisor'], region: '320000' }), INSPECTION_PURPOSE);
    expect((await gql(await reader('redis.before'), HOUSING)).errors).toBeUndefined();

    await proxy.cut();
    await dropPrefix(prefix); // Redis comes back without the registry, buckets or anything else of ours
    const during = await gql(await reader('redis.during'), HOUSING);
    expect(during.errors).toBeUndefined();
    const ready = await fetch(gateway.url.replace(/\/graphql$/, '/readyz'));
    expect(((await ready.json()) as { registry: { ok: boolean } }).registry.ok).toBe(false);

    await proxy.open();
    const direct = await RedisRegistryStore.connect(TEST_REDIS_URL, prefix);
    try {
      await waitUntil(15_000, async () => (await direct.read()).live === 2);
      expect((await direct.events(5)).map((e) => e.action)).toContain('restore');
    } finally {
      await direct.close();
    }
    // The registry takes changes again, and every instance would serve them.
    expect((await gateway.registry.rollback(1, 'carol')).version).toBe(1);
    await waitUntil(5000, () => gateway.version() === 1);
    // The rate limits are Redis's again: three requests for one user, then refused.
    const limited = await reader('redis.after');
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const response = await fetch(limited.url, {
        method: 'POST',
        headers: { ...limited.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ regions { code } }' }),
      });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
  }, 60_000);
});
