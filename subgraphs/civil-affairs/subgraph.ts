import type { SubgraphDefinition } from '../common/definition';
import { civilAffairsEntities } from './entities';
import { createCivilAffairsLoaders } from './loaders';
import { civilAffairsMigrations } from './migrations';
import { resolvers } from './resolvers';

export const civilAffairsSubgraph: SubgraphDefinition = {
  name: 'civil-affairs',
  tables: { entities: civilAffairsEntities, migrations: civilAffairsMigrations },
  resolvers,
  createLoaders: createCivilAffairsLoaders,
};
