import type { StorageConfig } from '../../common/config';
import { openSubgraphDatabase } from '../../common/database/database';
import { gatewayTables } from './tables';

/** The gateway's own database (registry history, access log, cross-region grants), migrated. */
export const openGatewayDatabase = (storage: StorageConfig) =>
  openSubgraphDatabase({ name: 'gateway', tables: gatewayTables, storage });
