import type { DataSource } from 'typeorm';

import type { BaseSubgraphContext } from '../common/context';
import type { AuditLoaders } from './loaders';

export interface Context extends BaseSubgraphContext {
  dataSource: DataSource;
  loaders: AuditLoaders;
}
