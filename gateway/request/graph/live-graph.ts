import type {
  GatewayExecutor,
  GatewayInterface,
  GatewaySchemaLoadOrUpdateCallback,
} from '@apollo/server-gateway-interface';
import type { GraphQLSchema } from 'graphql';

export interface ServedGraph {
  version: number;
  schema: GraphQLSchema;
  supergraphSdl: string;
}

const versions = new WeakMap<GraphQLSchema, number>();

/** The composition version a served schema belongs to (the response cache keys by it). */
export function compositionVersionOf(schema: GraphQLSchema): number {
  return versions.get(schema) ?? 0;
}

/**
 * The composition Apollo Server serves, swappable while it runs: a request keeps the schema it
 * started with, the next one gets the new one. The executor runs each operation against the schema
 * the request was validated with; the stitched schema's resolvers call the subgraphs.
 */
export class LiveGraph implements GatewayInterface {
  private readonly listeners = new Set<GatewaySchemaLoadOrUpdateCallback>();

  private executor: GatewayExecutor | null = null;

  constructor(private current: ServedGraph) {
    versions.set(current.schema, current.version);
  }

  get version(): number {
    return this.current.version;
  }

  swap(next: ServedGraph): void {
    versions.set(next.schema, next.version);
    this.current = next;
    this.notify();
  }

  async load() {
    this.notify();
    return { executor: this.executor };
  }

  /** Runs every operation through `executor` (the access-controlled request path); set before serving. */
  useExecutor(executor: GatewayExecutor): void {
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
