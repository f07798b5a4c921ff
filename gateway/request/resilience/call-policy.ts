/** How the gateway calls each subgraph endpoint. */
export interface SubgraphCallPolicy {
  /** Budget of one subgraph call, retries included, in ms (default 5000). */
  timeoutMs: number;
  /**
   * Budgets of particular subgraphs by name, in ms, in place of timeoutMs: the supervision checks
   * read whole provinces from five systems, and the cases system checks batches of 10,000 pay lines
   * against them: both legitimately take seconds (default 60000 for each).
   */
  timeoutByName: Record<string, number>;
  /** Extra attempts for queries after a transport failure, while budget remains (default 2). */
  retries: number;
  /** Wait before the first retry, doubled for each further one, in ms (default 50). */
  backoffMs: number;
  /** Largest answer accepted from a subgraph, in bytes (default 32 MiB). */
  maxResponseBytes: number;
  breaker: {
    /** Calls in the rolling window before the breaker may open (default 5). */
    minimumCalls: number;
    /** Failure share of those calls that opens it, in percent (default 50). */
    failurePercent: number;
    /** Time open before a half-open probe, in ms (default 10000). */
    cooldownMs: number;
    /** Rolling window, in ms (default 10000). */
    windowMs: number;
  };
}

export const DEFAULT_CALL_POLICY: SubgraphCallPolicy = {
  timeoutMs: 5000,
  timeoutByName: { supervision: 60_000, cases: 60_000 },
  retries: 2,
  backoffMs: 50,
  maxResponseBytes: 32 * 1024 * 1024,
  breaker: { minimumCalls: 5, failurePercent: 50, cooldownMs: 10_000, windowMs: 10_000 },
};

/** The budget of one call to the named subgraph. */
export const timeoutOf = (policy: SubgraphCallPolicy, name: string): number =>
  policy.timeoutByName[name] ?? policy.timeoutMs;
