import type { DataSource } from 'typeorm';
import { groupLoaderByColumn, loaderByColumn } from '../common/loaders';
import { AuditProjectEntity } from './entities/audit-project';
import { FindingEntity } from './entities/finding';

/** Per-request batch loaders: one statement per type per level of a query. */
export function createAuditLoaders(dataSource: DataSource) {
  const repo = dataSource.getRepository.bind(dataSource);
  return {
    projectById: loaderByColumn(repo(AuditProjectEntity), 'id'),
    findingById: loaderByColumn(repo(FindingEntity), 'id'),
    findingsByProject: groupLoaderByColumn(repo(FindingEntity), 'projectId'),
    findingsByResponsible: groupLoaderByColumn(repo(FindingEntity), 'responsibleUscc'),
  };
}

export type AuditLoaders = ReturnType<typeof createAuditLoaders>;
