import { createClient } from 'redis';

import { DEV_SIGNING_SECRET } from '../../common/gateway-signature';
import { memoryNonceStore, redisNonceStore, type NonceStore } from '../../subgraphs/common/nonce-store';
import { runSubgraph, type StartedSubgraph } from '../../subgraphs/common/run-subgraph';
import { SUBGRAPH_DEFINITIONS } from '../../subgraphs/definitions';
import { mysqlStorage } from '../support/env';
import { dropPrefix, TEST_REDIS_URL, testPrefix } from '../support/redis';
import { sendCall as post, signedCall } from '../support/signed-calls';

const signed = () => signedCall(DEV_SIGNING_SECRET);

/**
 * Two replicas of one system behind a load balancer: a signed gateway call captured on the wire is
 * accepted once by the system, whichever replica the replay reaches (nonces in Redis, REDIS_URL).
 */
describe('security: a captured signed call replayed against another replica', () => {
  const prefix = testPrefix();
  const stores: NonceStore[] = [];
  const replicas: StartedSubgraph[] = [];

  beforeAll(async () => {
    for (let i = 0; i < 2; i++) {
      const nonces = await redisNonceStore(TEST_REDIS_URL, prefix, 'staffing');
      stores.push(nonces);
      replicas.push(await runSubgraph(SUBGRAPH_DEFINITIONS.staffing, { storage: mysqlStorage, port: 0, nonces }));
    }
  });
  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.close()));
    await Promise.all(stores.map((s) => s.close()));
    await dropPrefix(prefix);
  });

  it('is refused by the second replica as by the first', async () => {
    const [a, b] = replicas as [StartedSubgraph, StartedSubgraph];
    const captured = signed();
    expect(await post(a.url, captured)).toEqual({ status: 200, message: null });
    const onB = await post(b.url, captured);
    expect(onB.status).toBe(401);
    expect(onB.message).toMatch(/replayed request/);
    expect((await post(a.url, captured)).status).toBe(401);
    // the gateway's next call, with a nonce of its own, is answered by either replica
    expect(await post(b.url, signed())).toEqual({ status: 200, message: null });
  });

  it('a forged call does not use up a nonce: the genuine call with it is still answered', async () => {
    const [a] = replicas as [StartedSubgraph];
    const genuine = signed();
    const forged = { ...genuine, 'x-govgraph-signature': 'A'.repeat(43) };
    expect((await post(a.url, forged)).message).toMatch(/bad signature/);
    expect(await post(a.url, genuine)).toEqual({ status: 200, message: null });
  });
});

describe('nonce stores', () => {
  it('in memory: a nonce is claimed once within its window', async () => {
    const store = memoryNonceStore();
    const until = Date.now() + 60_000;
    expect(await store.claim('n-1', until)).toBe(true);
    expect(await store.claim('n-1', until)).toBe(false);
    expect(await store.claim('n-2', until)).toBe(true);
  });

  it('in Redis: the key expires with the replay window, so nonces do not pile up', async () => {
    const prefix = testPrefix();
    const store = await redisNonceStore(TEST_REDIS_URL, prefix, 'finance');
    const other = await redisNonceStore(TEST_REDIS_URL, prefix, 'finance');
    try {
      const until = Date.now() + 400;
      expect(await store.claim('n-1', until)).toBe(true);
      expect(await other.claim('n-1', until)).toBe(false);
      const redis = createClient({ url: TEST_REDIS_URL });
      await redis.connect();
      const ttl = await redis.pTTL(`${prefix}nonce:finance:n-1`);
      await redis.close();
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(400);
      // another system's nonces are kept apart
      const audit = await redisNonceStore(TEST_REDIS_URL, prefix, 'audit');
      expect(await audit.claim('n-1', until)).toBe(true);
      await audit.close();
    } finally {
      await store.close();
      await other.close();
      await dropPrefix(prefix);
    }
  });
});
