/** What every subgraph's per-request context has; each subgraph adds its own loaders. */
export interface BaseSubgraphContext {
  /** Largest `first` a list accepts. */
  maxPageSize: number;
}
