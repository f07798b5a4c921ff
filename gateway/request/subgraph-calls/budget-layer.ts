import { timeoutOf, type SubgraphCallPolicy } from '../resilience/call-policy';
import { SubgraphFailure } from '../resilience/subgraph-failure';
import type { SubgraphLayer } from './subgraph-call';

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * Each call has its subgraph's time budget; within it, queries are tried again after a failure with
 * exponential backoff (a mutation never: it may have happened even if its answer was lost).
 */
export const budgetLayer =
  (callPolicy: SubgraphCallPolicy): SubgraphLayer =>
  (next, { name }) => {
    const timeoutMs = timeoutOf(callPolicy, name);
    return async (call) => {
      const deadline = Date.now() + timeoutMs;
      const retries = call.request.operationType === 'query' ? callPolicy.retries : 0;
      for (let n = 0; ; n++) {
        try {
          return await next({ ...call, budgetMs: Math.max(1, deadline - Date.now()) });
        } catch (error) {
          if (!(error instanceof SubgraphFailure)) throw error;
          const backoff = callPolicy.backoffMs * 2 ** n;
          if (error.final || n >= retries || Date.now() + backoff >= deadline) throw error;
          await sleep(backoff);
        }
      }
    };
  };
