/** What staffing resolvers return for each GraphQL type (codegen mappers). */
import type { Connection } from '../common/pagination';
import type { OrgEntity } from './entities/org';
import type { PersonEntity } from './entities/person';
import type { PowerItemEntity } from './entities/power-item';
import type { ResponsibilityItemEntity } from './entities/responsibility-item';
import type { PowerListCountRow } from './power-list-counts';

export type { RegionEntity as RegionModel } from './entities/region';
export type { OrgEntity as OrgModel } from './entities/org';
export type { PersonEntity as PersonModel } from './entities/person';
export type { EstablishmentPlanEntity as EstablishmentPlanModel } from './entities/establishment-plan';
export type { EstablishmentQuotaEntity as EstablishmentQuotaModel } from './entities/establishment-quota';
export type { InternalUnitEntity as InternalUnitModel } from './entities/internal-unit';
export type { PowerItemEntity as PowerItemModel } from './entities/power-item';
export type { ResponsibilityItemEntity as ResponsibilityItemModel } from './entities/responsibility-item';
export type OrgConnectionModel = Connection<OrgEntity>;
export type PersonConnectionModel = Connection<PersonEntity>;
export type PowerItemConnectionModel = Connection<PowerItemEntity>;
export type ResponsibilityItemConnectionModel = Connection<ResponsibilityItemEntity>;
export type { PowerListCountRow as PowerListCountModel } from './power-list-counts';
export type PowerListCountConnectionModel = Connection<PowerListCountRow>;
