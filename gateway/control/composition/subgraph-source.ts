/** A subgraph the gateway serves: its name, its endpoint, and whether it speaks Federation. */
export interface SubgraphSource {
  name: string;
  url: string;
  federated: boolean;
}
