import type { SubgraphTables } from '../../common/database/database';
import { AccessLogRecord } from './entities/access-log-record';
import { CompositionRecord } from './entities/composition-record';
import { RegionGrantRecord } from './entities/region-grant-record';
import { RegionalNodeRecord } from './entities/regional-node-record';
import { RegistryEventRecord } from './entities/registry-event-record';
import { SharingAgreementRecord } from './entities/sharing-agreement-record';
import { gatewayMigrations } from './migrations';

/** The gateway's own database (govgraph_gateway): registry history, the access log, cross-region grants, sharing agreements and regional nodes. */
export const gatewayTables: SubgraphTables = {
  entities: [
    CompositionRecord,
    RegistryEventRecord,
    AccessLogRecord,
    RegionGrantRecord,
    SharingAgreementRecord,
    RegionalNodeRecord,
  ],
  migrations: gatewayMigrations,
};
