import type { SubgraphTables } from '../../subgraphs/common/database';
import { CompositionRecord } from './entities/composition-record';
import { RegistryEventRecord } from './entities/registry-event-record';
import { gatewayMigrations } from './migrations';

/** The gateway's own database (govgraph_gateway): registry history. */
export const gatewayTables: SubgraphTables = {
  entities: [CompositionRecord, RegistryEventRecord],
  migrations: gatewayMigrations,
};
