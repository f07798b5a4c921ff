import type { DataSource } from 'typeorm';

import { groupLoaderByColumn, loaderByColumn } from '../common/loaders';
import type { RegionScope } from '../common/region-scope';
import { AuditProjectEntity } from './entities/audit-project';
import { FindingEntity } from './entities/finding';

/** Per-request batch loaders: one statement per type per level of a query. */
export function createAuditLoaders(dataSource: DataSource, scope: RegionScope) {
  const inScope = { scope, expression: 'row.regionCode' };
  const repo = dataSource.getRepository.bind(dataSource);
  return {
    projectById: loaderByColumn(repo(AuditProjectEntity), 'id'),
    findingById: loaderByColumn(repo(FindingEntity), 'id'),
    findingsByProject: groupLoaderByColumn(repo(FindingEntity), 'projectId', inScope),
    findingsByResponsible: groupLoaderByColumn(repo(FindingEntity), 'responsibleUscc', inScope),
  };
}

export type AuditLoaders = ReturnType<typeof createAuditLoaders>;
