import type { SubgraphDefinition } from '../common/definition';
import { auditEntities } from './entities';
import { createAuditLoaders } from './loaders';
import { auditMigrations } from './migrations';
import { resolvers } from './resolvers';

export const auditSubgraph: SubgraphDefinition = {
  name: 'audit',
  tables: { entities: auditEntities, migrations: auditMigrations },
  resolvers,
  createLoaders: createAuditLoaders,
};
