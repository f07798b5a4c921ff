import { join } from 'node:path';

import { projectRoot } from '../../common/paths';
import type { RunningGateway } from '../../gateway/create-gateway';
import { loadPolicy } from '../../gateway/policy/load-policy';
import { RedisRateLimiter } from '../../gateway/request/rate-limits/redis-rate-limiter';
import { dropPrefix, TEST_REDIS_URL, testPrefix } from '../support/redis';
import { staffingGateways, type StaffingGateways } from '../support/staffing-gateways';

const QUERY = '{ orgs(first: 1) { totalCount } }';

interface Answer {
  status: number;
  retryAfter: string | null;
  body: { data?: unknown; errors?: Array<{ message: string; extensions: Record<string, unknown> }> };
}

/**
 * Rate limits shared by two gateway instances over real Redis: a user's requests count on whichever
 * instance serves them, as do an address's; refusals are 429 RATE_LIMITED with Retry-After, spend
 * nothing and reach no subgraph. Each case uses its own client address (X-Forwarded-For from a
 * trusted proxy), so the cases never share a bucket.
 */
describe('security: rate limits across two gateways', () => {
  const prefix = testPrefix();
  const policy = loadPolicy(join(projectRoot, 'policies'));
  policy.rateLimits = {
    user: { requests: 5, perSeconds: 60 },
    ip: { requests: 8, perSeconds: 60 },
    anonymous: { requests: 3, perSeconds: 60 },
  };
  policy.limits.batchOperations = 3; // no bucket is smaller than the largest batch (as loading a policy checks)
  let stack: StaffingGateways;
  let a: RunningGateway;
  let b: RunningGateway;

  beforeAll(async () => {
    stack = await staffingGateways();
    const start = async () =>
      stack.start(
        { rateLimiter: await RedisRateLimiter.connect(TEST_REDIS_URL, prefix), trustProxy: 'loopback' },
        policy,
      );
    [a, b] = await Promise.all([start(), start()]);
  });
  afterAll(async () => {
    await stack?.[Symbol.asyncDispose]();
    await dropPrefix(prefix);
  });

  const ask = async (
    gateway: RunningGateway,
    address: string,
    token: string | null,
    body: unknown = { query: QUERY },
  ): Promise<Answer> => {
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-forwarded-for': address,
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(body),
    });
    return {
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      body: (await response.json()) as Answer['body'],
    };
  };
  const ok = (answer: Answer) => {
    expect(answer.status).toBe(200);
    expect(answer.body.errors ?? []).toEqual([]);
  };
  /** 429 with a Retry-After of a whole number of seconds, the same in the header and the error. */
  const limited = (answer: Answer): number => {
    expect(answer.status).toBe(429);
    expect(answer.body.errors).toHaveLength(1);
    expect(answer.body.errors![0]!.extensions).toEqual({
      code: 'RATE_LIMITED',
      retryAfterSeconds: Number(answer.retryAfter),
    });
    expect(answer.retryAfter).toMatch(/^\d+$/);
    return Number(answer.retryAfter);
  };
  const mint = (user: string) => stack.realm.mint({ user, roles: ['staffing-officer'], region: '320000' });

  it("a user's requests count on both instances; the next is refused until a token refills", async () => {
    const token = await mint('rate.alice');
    const address = '203.0.113.1';
    for (const gateway of [a, b, a, b, a]) ok(await ask(gateway, address, token));
    const before = stack.staffing.requests.count;
    const wait = limited(await ask(b, address, token));
    // 5 per 60 s refill one every 12 s: the wait is what is left of those 12 s.
    expect(wait).toBeGreaterThanOrEqual(10);
    expect(wait).toBeLessThanOrEqual(12);
    limited(await ask(a, address, token));
    expect(stack.staffing.requests.count).toBe(before);
  });

  it('an address is limited over all its users; another user elsewhere is not', async () => {
    const office = '203.0.113.2';
    const [u1, u2, u3] = await Promise.all([mint('rate.u1'), mint('rate.u2'), mint('rate.u3')]);
    for (let i = 0; i < 4; i++) ok(await ask(i % 2 ? a : b, office, u1));
    for (let i = 0; i < 4; i++) ok(await ask(i % 2 ? b : a, office, u2));
    // u3 has its whole bucket, but the office's 8 are spent.
    limited(await ask(a, office, u3));
    ok(await ask(b, '203.0.113.3', u3));
  });

  it("callers without a token share their address's anonymous bucket; a forged token spends that, not the named user's", async () => {
    const address = '203.0.113.4';
    const real = await mint('rate.victim');
    const [header, payload] = real.split('.');
    const forged = `${header}.${payload}.${Buffer.from('not the realm signature').toString('base64url')}`;
    const first = await ask(a, address, forged);
    expect(first.status).toBe(401);
    ok(await ask(b, address, null));
    ok(await ask(a, address, null));
    limited(await ask(b, address, null));
    limited(await ask(a, address, forged));
    // The victim, from its own address, still has its whole bucket.
    for (let i = 0; i < 5; i++) ok(await ask(i % 2 ? a : b, '203.0.113.5', real));
  });

  it('each operation of a batch counts, all or nothing; a batch over the batch limit is refused as too complex', async () => {
    const token = await mint('rate.batcher');
    const address = '203.0.113.6';
    const batch = (n: number) => Array.from({ length: n }, () => ({ query: QUERY }));
    const three = await ask(a, address, token, batch(3));
    expect(three.status).toBe(200);
    expect(three.body).toHaveLength(3);
    limited(await ask(b, address, token, batch(3)));
    ok(await ask(b, address, token));
    ok(await ask(a, address, token));
    limited(await ask(a, address, token));

    const max = policy.limits.batchOperations;
    const tooMany = await ask(a, '203.0.113.7', await mint('rate.big'), batch(max + 1));
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors![0]!.extensions).toEqual({
      code: 'QUERY_TOO_COMPLEX',
      limit: 'batchOperations',
      measured: max + 1,
      max,
    });
  });
});
