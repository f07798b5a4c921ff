import CircuitBreaker from 'opossum';

import type { SubgraphCallPolicy } from './call-policy';

export type BreakerState = 'closed' | 'open' | 'half-open';

/**
 * One circuit breaker per subgraph endpoint, kept across schema reloads so that a new composition
 * does not forget that an endpoint is failing.
 */
export class Breakers {
  private readonly byEndpoint = new Map<string, CircuitBreaker>();

  constructor(private readonly policy: SubgraphCallPolicy['breaker']) {}

  /** The breaker guarding `endpoint`; `action` is what it calls while closed or half-open. */
  for<A extends unknown[], R>(endpoint: string, action: (...args: A) => Promise<R>): CircuitBreaker<A, R> {
    let breaker = this.byEndpoint.get(endpoint);
    if (!breaker) {
      breaker = new CircuitBreaker(action, {
        timeout: false, // each call has its own budget
        volumeThreshold: this.policy.minimumCalls,
        errorThresholdPercentage: this.policy.failurePercent,
        resetTimeout: this.policy.cooldownMs,
        rollingCountTimeout: this.policy.windowMs,
        rollingCountBuckets: 10,
      });
      this.byEndpoint.set(endpoint, breaker);
    }
    return breaker as unknown as CircuitBreaker<A, R>;
  }

  states(): Record<string, BreakerState> {
    return Object.fromEntries(
      [...this.byEndpoint].map(([endpoint, b]) => [endpoint, b.opened ? 'open' : b.halfOpen ? 'half-open' : 'closed']),
    );
  }

  shutdown(): void {
    for (const breaker of this.byEndpoint.values()) breaker.shutdown();
    this.byEndpoint.clear();
  }
}
