/** What activity resolvers return for each GraphQL type (codegen mappers). */
import type { Connection } from '../common/pagination';
import type { WorkRecordEntity } from './entities/work-record';
import type { WorkloadRow } from './workload/workload';

/** People and bodies are owned by staffing; the activity system knows them by key only. */
export interface PersonModel {
  personKey: string;
}
export interface OrgModel {
  uscc: string;
}
export type { ActivityCategoryEntity as ActivityCategoryModel } from './entities/activity-category';
export type { WorkRecordEntity as WorkRecordModel } from './entities/work-record';
export type WorkRecordConnectionModel = Connection<WorkRecordEntity>;
export type { WorkloadRow as WorkloadModel } from './workload/workload';
export type { Peers as WorkloadPeersModel } from './workload/peer-comparison';
export type WorkloadConnectionModel = Connection<WorkloadRow>;
