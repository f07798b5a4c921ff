import { MemoryRateLimiter } from '../../gateway/request/rate-limits/memory-rate-limiter';

/** The embedded default's buckets, on a clock the test moves. */
describe('in-process rate limiter (token buckets)', () => {
  let now = 1_000_000;
  const limiter = new MemoryRateLimiter(() => now);
  const user = { key: 'user:u', requests: 4, perSeconds: 2 }; // one token every 500 ms
  const address = { key: 'ip:x', requests: 6, perSeconds: 60 }; // one every 10 s

  it('allows a full bucket at once, then one request per refill interval, with the exact wait', async () => {
    for (let i = 0; i < 4; i++) expect((await limiter.take([user], 1)).allowed).toBe(true);
    expect(await limiter.take([user], 1)).toEqual({ allowed: false, retryAfterMs: 500 });
    now += 200;
    expect(await limiter.take([user], 1)).toEqual({ allowed: false, retryAfterMs: 300 });
    now += 300;
    expect((await limiter.take([user], 1)).allowed).toBe(true);
    now += 2000; // refilled in full, never beyond
    for (let i = 0; i < 4; i++) expect((await limiter.take([user], 1)).allowed).toBe(true);
    expect((await limiter.take([user], 1)).allowed).toBe(false);
  });

  it('takes from every bucket or from none', async () => {
    now += 10_000;
    // Four from both; the address then has 2 left, the user none.
    expect((await limiter.take([user, address], 4)).allowed).toBe(true);
    expect((await limiter.take([user, address], 1)).allowed).toBe(false);
    // The refusal spent nothing from the address: both of its tokens are still there.
    expect((await limiter.take([{ ...user, key: 'user:other' }, address], 2)).allowed).toBe(true);
    const refused = await limiter.take([{ ...user, key: 'user:third' }, address], 1);
    expect(refused).toEqual({ allowed: false, retryAfterMs: 10_000 });
  });
});
