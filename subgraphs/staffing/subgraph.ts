import type { SubgraphDefinition } from '../common/definition';
import { staffingEntities } from './entities';
import { staffingMigrations } from './migrations';
import { createStaffingLoaders } from './loaders';
import { resolvers } from './resolvers';

export const staffingSubgraph: SubgraphDefinition = {
  name: 'staffing',
  tables: { entities: staffingEntities, migrations: staffingMigrations },
  resolvers,
  createLoaders: createStaffingLoaders,
};
