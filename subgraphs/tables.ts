import type { SubgraphTables } from './common/database';
import type { SubgraphName } from '../common/subgraph-catalog';
import { staffingEntities } from './staffing/entities';
import { financeEntities } from './finance/entities';
import { civilAffairsEntities } from './civil-affairs/entities';
import { auditEntities } from './audit/entities';
import { activityEntities } from './activity/entities';
import { staffingMigrations } from './staffing/migrations';
import { financeMigrations } from './finance/migrations';
import { civilAffairsMigrations } from './civil-affairs/migrations';
import { auditMigrations } from './audit/migrations';
import { activityMigrations } from './activity/migrations';


/** Entities and migrations of each subgraph's own database. */
export const subgraphTables: Record<SubgraphName, SubgraphTables> = {
  staffing: { entities: staffingEntities, migrations: staffingMigrations },
  finance: { entities: financeEntities, migrations: financeMigrations },
  'civil-affairs': { entities: civilAffairsEntities, migrations: civilAffairsMigrations },
  audit: { entities: auditEntities, migrations: auditMigrations },
  activity: { entities: activityEntities, migrations: activityMigrations },
};
