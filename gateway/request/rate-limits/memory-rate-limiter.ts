import { gcra, type RateBucket, type RateDecision, type RateLimiter } from './rate-limiter';

/** Buckets in this process: the embedded default (one gateway), and the fallback when Redis fails. */
export class MemoryRateLimiter implements RateLimiter {
  private readonly arrivals = new Map<string, number>();
  private lastSweep = 0;

  constructor(private readonly clock: () => number = () => Date.now()) {}

  async take(buckets: readonly RateBucket[], cost: number): Promise<RateDecision> {
    const now = this.clock();
    this.sweep(now);
    const { next, waitMs } = gcra(
      now,
      buckets,
      buckets.map((b) => this.arrivals.get(b.key)),
      cost,
    );
    if (waitMs > 0) return { allowed: false, retryAfterMs: Math.ceil(waitMs) };
    buckets.forEach((b, i) => this.arrivals.set(b.key, next[i]!));
    return { allowed: true, retryAfterMs: 0 };
  }

  /** Forgets buckets that have refilled completely (an arrival time in the past is a full bucket). */
  private sweep(now: number): void {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    for (const [key, arrival] of this.arrivals) if (arrival <= now) this.arrivals.delete(key);
  }

  async close(): Promise<void> {
    this.arrivals.clear();
  }
}
