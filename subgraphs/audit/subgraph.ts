import type { SubgraphDefinition } from '../common/definition';
import { auditEntities } from './entities';
import { auditMigrations } from './migrations';
import { createAuditLoaders } from './loaders';
import { resolvers } from './resolvers';

export const auditSubgraph: SubgraphDefinition = {
  name: 'audit',
  tables: { entities: auditEntities, migrations: auditMigrations },
  resolvers,
  createLoaders: createAuditLoaders,
};
