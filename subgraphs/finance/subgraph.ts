import type { SubgraphDefinition } from '../common/definition';
import { financeEntities } from './entities';
import { createFinanceLoaders } from './loaders';
import { financeMigrations } from './migrations';
import { resolvers } from './resolvers';

export const financeSubgraph: SubgraphDefinition = {
  name: 'finance',
  tables: { entities: financeEntities, migrations: financeMigrations },
  resolvers,
  createLoaders: createFinanceLoaders,
};
