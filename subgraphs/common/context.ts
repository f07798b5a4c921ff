/** What every subgraph's per-request context has; each subgraph adds its own loaders. */
import type { SubgraphAccess } from '../../common/gateway-signature';
import type { RegionScope } from './region-scope';

export interface BaseSubgraphContext {
  /** Largest `first` a list accepts. */
  maxPageSize: number;
  /** Who the gateway says is asking (verified signature); logs use it. */
  access?: SubgraphAccess;
  /** The regions whose person and transactional rows this caller may read. */
  scope: RegionScope;
}
