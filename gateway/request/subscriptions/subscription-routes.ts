import { joinGraphs } from '../execution/gateway-schema';
import { readSupergraph } from '../execution/supergraph-model';
import type { ServedGraph } from '../graph/served-graph';

export interface SubscriptionTarget {
  /** The subgraph's name (its signing key is derived from it). */
  name: string;
  /** Its /graphql URL; the same path answers graphql-ws. */
  endpoint: string;
}

/**
 * Which subgraph serves each Subscription field of a graph, read from the supergraph once per graph
 * served. A subscription is answered by one subgraph: the one whose events it is.
 */
export class SubscriptionRoutes {
  private graph: ServedGraph | null = null;
  private routes = new Map<string, SubscriptionTarget>();

  targetOf(graph: ServedGraph, field: string): SubscriptionTarget | null {
    if (graph !== this.graph) {
      this.routes = routesOf(graph.supergraphSdl);
      this.graph = graph;
    }
    return this.routes.get(field) ?? null;
  }
}

function routesOf(supergraphSdl: string): Map<string, SubscriptionTarget> {
  const graphs = new Map(joinGraphs(supergraphSdl).map((g) => [g.graph, g]));
  const routes = new Map<string, SubscriptionTarget>();
  for (const [field, owners] of readSupergraph(supergraphSdl).owners.get('Subscription') ?? []) {
    const owner = owners && owners.size === 1 ? graphs.get([...owners][0]!) : undefined;
    if (owner) routes.set(field, { name: owner.name, endpoint: owner.url });
  }
  return routes;
}
