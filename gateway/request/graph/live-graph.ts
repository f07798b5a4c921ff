import type {
  GatewayExecutor,
  GatewayGraphQLRequestContext,
  GatewayInterface,
  GatewaySchemaLoadOrUpdateCallback,
} from '@apollo/server-gateway-interface';
import type { ExecutionResult, GraphQLSchema } from 'graphql';

import type { ServedGraph } from './served-graph';

/** Runs one operation against the graph its request was validated with. */
export type GraphExecutor = (graph: ServedGraph, request: GatewayGraphQLRequestContext) => Promise<ExecutionResult>;

/**
 * The composition Apollo Server serves, swappable while it runs: a request keeps the graph it started
 * with, the next one gets the new one. Every graph this holder served is found again by the schema it
 * handed to Apollo (the only key Apollo passes on), so the executor and the plugins read the same record.
 */
export class LiveGraph implements GatewayInterface {
  private readonly listeners = new Set<GatewaySchemaLoadOrUpdateCallback>();

  private readonly bySchema = new WeakMap<GraphQLSchema, ServedGraph>();

  private executor: GraphExecutor | null = null;

  constructor(private current: ServedGraph) {
    this.bySchema.set(current.schema, current);
  }

  get version(): number {
    return this.current.version;
  }

  /** The graph a new operation gets (a subscription, which does not pass through Apollo). */
  get served(): ServedGraph {
    return this.current;
  }

  swap(next: ServedGraph): void {
    this.bySchema.set(next.schema, next);
    this.current = next;
    this.notify();
  }

  /** The graph a request was validated against; a schema this holder never served is a wiring bug. */
  graphOf(schema: GraphQLSchema): ServedGraph {
    const graph = this.bySchema.get(schema);
    if (!graph) throw new Error('the schema of this request was not served by this gateway');
    return graph;
  }

  async load() {
    this.notify();
    const executor: GatewayExecutor | null = this.executor
      ? (
          (run) => (request: GatewayGraphQLRequestContext) =>
            run(this.graphOf(request.schema), request)
        )(this.executor)
      : null;
    return { executor };
  }

  /** Runs every operation through `executor` (the request path's operation stages); set before serving. */
  useExecutor(executor: GraphExecutor): void {
    this.executor = executor;
  }

  onSchemaLoadOrUpdate(callback: GatewaySchemaLoadOrUpdateCallback) {
    this.listeners.add(callback);
    return () => void this.listeners.delete(callback);
  }

  async stop(): Promise<void> {
    this.listeners.clear();
  }

  private notify(): void {
    for (const listener of this.listeners)
      listener({ apiSchema: this.current.schema, coreSupergraphSdl: this.current.supergraphSdl });
  }
}
