import type { DataSource } from 'typeorm';

import type { SubgraphTables } from '../../common/database/database';
import type { SubgraphName } from '../../common/subgraph-catalog';
import type { RegionScope } from './region-scope';

/** Everything that makes one departmental system: its tables, its resolvers and its loaders. */
export interface SubgraphDefinition {
  name: SubgraphName;
  tables: SubgraphTables;
  /** Codegen-typed resolver map; its context is BaseSubgraphContext plus dataSource and loaders. */
  resolvers: object;
  /** Per-request loaders; one-to-many loaders of scoped rows filter by the caller's region scope. */
  createLoaders(dataSource: DataSource, scope: RegionScope): object;
}
