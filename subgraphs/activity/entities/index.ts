import { ActivityCategoryEntity } from './activity-category';
import { UnitLeaderEntity } from './unit-leader';
import { WorkRecordEntity } from './work-record';

export const activityEntities = [ActivityCategoryEntity, UnitLeaderEntity, WorkRecordEntity];
