import type { SubgraphDefinition } from '../common/definition';
import { activityEntities } from './entities';
import { activityMigrations } from './migrations';
import { createActivityLoaders } from './loaders';
import { resolvers } from './resolvers';

export const activitySubgraph: SubgraphDefinition = {
  name: 'activity',
  tables: { entities: activityEntities, migrations: activityMigrations },
  resolvers,
  createLoaders: createActivityLoaders,
};
