import { EstablishmentPlanEntity } from './establishment-plan';
import { EstablishmentQuotaEntity } from './establishment-quota';
import { InternalUnitEntity } from './internal-unit';
import { OrgEntity } from './org';
import { PersonEntity } from './person';
import { PowerItemEntity } from './power-item';
import { RegionEntity } from './region';
import { ResponsibilityItemEntity } from './responsibility-item';

/** Every table of the staffing database, for the data source and the migration generator. */
export const staffingEntities = [
  RegionEntity,
  OrgEntity,
  EstablishmentPlanEntity,
  EstablishmentQuotaEntity,
  InternalUnitEntity,
  PersonEntity,
  PowerItemEntity,
  ResponsibilityItemEntity,
];
