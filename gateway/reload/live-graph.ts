import type { GraphQLSchema } from 'graphql';
import type { GatewayInterface, GatewaySchemaLoadOrUpdateCallback } from '@apollo/server-gateway-interface';

export interface ServedGraph {
  version: number;
  schema: GraphQLSchema;
  supergraphSdl: string;
}

/**
 * The composition Apollo Server serves, swappable while it runs: a request keeps the schema it
 * started with, the next one gets the new one. Apollo executes against the schema itself (no
 * gateway executor): the stitched schema's resolvers call the subgraphs.
 */
export class LiveGraph implements GatewayInterface {
  private readonly listeners = new Set<GatewaySchemaLoadOrUpdateCallback>();

  constructor(private current: ServedGraph) {}

  get version(): number {
    return this.current.version;
  }

  swap(next: ServedGraph): void {
    this.current = next;
    this.notify();
  }

  async load() {
    this.notify();
    return { executor: null };
  }

  onSchemaLoadOrUpdate(callback: GatewaySchemaLoadOrUpdateCallback) {
    this.listeners.add(callback);
    return () => void this.listeners.delete(callback);
  }

  async stop(): Promise<void> {
    this.listeners.clear();
  }

  private notify(): void {
    for (const listener of this.listeners) listener({ apiSchema: this.current.schema, coreSupergraphSdl: this.current.supergraphSdl });
  }
}
