import { ActivityCategoryEntity } from './activity-category';
import { WorkRecordEntity } from './work-record';

export const activityEntities = [ActivityCategoryEntity, WorkRecordEntity];
