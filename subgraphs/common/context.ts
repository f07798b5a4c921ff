/** What every subgraph's per-request context has; each subgraph adds its own loaders. */
import type { SubgraphAccess } from '../../common/gateway-signature';

export interface BaseSubgraphContext {
  /** Largest `first` a list accepts. */
  maxPageSize: number;
  /** Who the gateway says is asking (verified signature); region scope and logs use it. */
  access?: SubgraphAccess;
}
