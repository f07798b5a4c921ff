import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

import type { Breakers } from '../resilience/breakers';

const BREAKER_VALUE = { closed: 0, 'half-open': 1, open: 2 } as const;
/** Latency buckets in seconds, from a cached answer to a province-wide check. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * The gateway's Prometheus metrics, one registry per gateway. Labels are bounded and carry no personal
 * data: operation names only when they are the graph's own named operations (a client chooses the
 * name, so anything else is "(other)"), field coordinates from the schema, error codes, subgraph names.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  readonly requests: Counter<'operation' | 'outcome'>;
  readonly latency: Histogram<'operation'>;
  readonly subgraphLatency: Histogram<'subgraph' | 'outcome'>;
  readonly errors: Counter<'code'>;
  readonly decisions: Counter<'coordinate' | 'decision'>;
  readonly cache: Counter<'result'>;
  readonly executionPaths: Counter<'path'>;
  readonly logWrites: Histogram<'outcome'>;
  readonly sharingOverVolume: Counter<'owner'>;

  constructor(
    private readonly knownOperations: ReadonlySet<string>,
    breakers: Breakers,
  ) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'govgraph_' });
    this.requests = new Counter({
      name: 'govgraph_requests_total',
      help: 'GraphQL operations answered, by named operation and outcome (ok or the first error code)',
      labelNames: ['operation', 'outcome'],
      registers,
    });
    this.latency = new Histogram({
      name: 'govgraph_request_duration_seconds',
      help: 'Time to answer an operation',
      labelNames: ['operation'],
      buckets: BUCKETS,
      registers,
    });
    this.subgraphLatency = new Histogram({
      name: 'govgraph_subgraph_request_duration_seconds',
      help: 'Time of each subgraph call',
      labelNames: ['subgraph', 'outcome'],
      buckets: BUCKETS,
      registers,
    });
    this.errors = new Counter({
      name: 'govgraph_errors_total',
      help: 'Errors answered, by code (HTTP refusals included)',
      labelNames: ['code'],
      registers,
    });
    this.decisions = new Counter({
      name: 'govgraph_field_decisions_total',
      help: 'Fields withheld (denied) or masked, by schema coordinate',
      labelNames: ['coordinate', 'decision'],
      registers,
    });
    this.cache = new Counter({
      name: 'govgraph_response_cache_requests_total',
      help: 'Response cache lookups by result (hit, miss); hit ratio = hit / (hit + miss)',
      labelNames: ['result'],
      registers,
    });
    this.executionPaths = new Counter({
      name: 'govgraph_execution_path_total',
      help: 'Queries fetched by the query planner (planner) or delegated and stitched (general)',
      labelNames: ['path'],
      registers,
    });
    this.sharingOverVolume = new Counter({
      name: 'govgraph_sharing_agreements_over_volume_total',
      help: 'Sharing agreements whose reads passed the volume their request stated (each counted once), by owning department',
      labelNames: ['owner'],
      registers,
    });
    this.logWrites = new Histogram({
      name: 'govgraph_access_log_write_duration_seconds',
      help: 'Time to write an access-log record',
      labelNames: ['outcome'],
      buckets: BUCKETS,
      registers,
    });
    new Gauge({
      name: 'govgraph_circuit_breaker_state',
      help: 'Circuit breaker per subgraph endpoint: 0 closed, 1 half-open, 2 open',
      labelNames: ['endpoint'],
      registers,
      collect() {
        this.reset();
        for (const [endpoint, state] of Object.entries(breakers.states())) this.set({ endpoint }, BREAKER_VALUE[state]);
      },
    });
  }

  /** The label for an operation name: the graph's own named operations by name, anything else "(other)". */
  operationLabel(name: string | null | undefined): string {
    if (!name) return '(anonymous)';
    return this.knownOperations.has(name) ? name : '(other)';
  }

  /** Times `work`, recording its duration under `histogram` with the outcome it ends in. */
  async time<T>(histogram: Histogram<'outcome'>, work: () => Promise<T>): Promise<T> {
    const end = histogram.startTimer();
    try {
      const value = await work();
      end({ outcome: 'ok' });
      return value;
    } catch (error) {
      end({ outcome: 'error' });
      throw error;
    }
  }
}
