import type { DataSource } from 'typeorm';

import { groupLoaderByColumn, loaderByColumn } from '../common/loaders';
import { EstablishmentPlanEntity } from './entities/establishment-plan';
import { EstablishmentQuotaEntity } from './entities/establishment-quota';
import { InternalUnitEntity } from './entities/internal-unit';
import { OrgEntity } from './entities/org';
import { PersonEntity } from './entities/person';
import { PowerItemEntity } from './entities/power-item';
import { RegionEntity } from './entities/region';
import { ResponsibilityItemEntity } from './entities/responsibility-item';

/** Per-request batch loaders: one statement per type per level of a query. */
export function createStaffingLoaders(dataSource: DataSource) {
  const repo = dataSource.getRepository.bind(dataSource);
  return {
    regionByCode: loaderByColumn(repo(RegionEntity), 'code'),
    orgById: loaderByColumn(repo(OrgEntity), 'id'),
    orgByUscc: loaderByColumn(repo(OrgEntity), 'uscc'),
    orgsByParentId: groupLoaderByColumn(repo(OrgEntity), 'parentId'),
    personByKey: loaderByColumn(repo(PersonEntity), 'personKey'),
    planByOrgId: loaderByColumn(repo(EstablishmentPlanEntity), 'orgId'),
    quotasByPlanId: groupLoaderByColumn(repo(EstablishmentQuotaEntity), 'planId'),
    unitById: loaderByColumn(repo(InternalUnitEntity), 'id'),
    unitsByOrgId: groupLoaderByColumn(repo(InternalUnitEntity), 'orgId'),
    powerItemById: loaderByColumn(repo(PowerItemEntity), 'id'),
    powerItemByCode: loaderByColumn(repo(PowerItemEntity), 'code'),
    powerItemsByOrgId: groupLoaderByColumn(repo(PowerItemEntity), 'orgId'),
    responsibilityItemsByOrgId: groupLoaderByColumn(repo(ResponsibilityItemEntity), 'orgId'),
  };
}

export type StaffingLoaders = ReturnType<typeof createStaffingLoaders>;
