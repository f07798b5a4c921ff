import type { DataSource } from 'typeorm';
import type { SubgraphName } from '../../common/subgraph-catalog';
import type { SubgraphTables } from './database';

/** Everything that makes one departmental system: its tables, its resolvers and its loaders. */
export interface SubgraphDefinition {
  name: SubgraphName;
  tables: SubgraphTables;
  /** Codegen-typed resolver map; its context is BaseSubgraphContext plus dataSource and loaders. */
  resolvers: object;
  createLoaders(dataSource: DataSource): object;
}
