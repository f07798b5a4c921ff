import type { ExecutionResult } from '@graphql-tools/utils';

import type { Breakers } from '../resilience/breakers';
import type { SubgraphLayer } from './subgraph-call';

/** One circuit breaker per endpoint: after repeated failures, calls fail at once until it cools down. */
export const breakerLayer =
  (breakers: Breakers): SubgraphLayer =>
  (next, { endpoint }) => {
    const breaker = breakers.for(endpoint, next);
    return async (call) => (await breaker.fire(call)) as ExecutionResult;
  };
