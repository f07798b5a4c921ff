import type { SubgraphDefinition } from '../common/definition';
import { activityEntities } from './entities';
import { createActivityLoaders } from './loaders';
import { activityMigrations } from './migrations';
import { resolvers } from './resolvers';

export const activitySubgraph: SubgraphDefinition = {
  name: 'activity',
  tables: { entities: activityEntities, migrations: activityMigrations },
  resolvers,
  createLoaders: createActivityLoaders,
};
