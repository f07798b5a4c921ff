/** One bucket a request draws from: a user's, or a client address's. */
export interface RateBucket {
  key: string;
  /** Requests allowed in `perSeconds`, all at once or spread out (the bucket's size). */
  requests: number;
  perSeconds: number;
}

export interface RateDecision {
  allowed: boolean;
  /** When refused: how long until the request would be allowed. */
  retryAfterMs: number;
}

/**
 * Token buckets (GCRA: one timestamp per bucket, refilled continuously). A request takes `cost` tokens
 * from every bucket it names, or from none: refused by one, it uses up nothing in the others.
 */
export interface RateLimiter {
  take(buckets: readonly RateBucket[], cost: number): Promise<RateDecision>;
  close(): Promise<void>;
}

/** Milliseconds per token, and the bucket's span in milliseconds. */
export function bucketTiming(bucket: RateBucket): { intervalMs: number; spanMs: number } {
  const spanMs = bucket.perSeconds * 1000;
  return { intervalMs: spanMs / bucket.requests, spanMs };
}

/**
 * GCRA on stored "theoretical arrival times": allowed when the new arrival time is no more than one span
 * ahead of now. Returns the new times to store, or how long to wait.
 */
export function gcra(
  now: number,
  buckets: readonly RateBucket[],
  stored: ReadonlyArray<number | undefined>,
  cost: number,
): { next: number[]; waitMs: number } {
  const next: number[] = [];
  let waitMs = 0;
  buckets.forEach((bucket, i) => {
    const { intervalMs, spanMs } = bucketTiming(bucket);
    const arrival = Math.max(stored[i] ?? 0, now) + cost * intervalMs;
    waitMs = Math.max(waitMs, arrival - now - spanMs);
    next.push(arrival);
  });
  return { next, waitMs };
}
