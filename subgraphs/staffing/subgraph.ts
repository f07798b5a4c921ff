import type { SubgraphDefinition } from '../common/definition';
import { staffingEntities } from './entities';
import { createStaffingLoaders } from './loaders';
import { staffingMigrations } from './migrations';
import { resolvers } from './resolvers';

export const staffingSubgraph: SubgraphDefinition = {
  name: 'staffing',
  tables: { entities: staffingEntities, migrations: staffingMigrations },
  resolvers,
  createLoaders: createStaffingLoaders,
};
