/** What audit resolvers return for each GraphQL type (codegen mappers). */
import type { Connection } from '../common/pagination';
import type { AuditProjectEntity } from './entities/audit-project';
import type { FindingEntity } from './entities/finding';

export type { AuditProjectEntity as AuditProjectModel } from './entities/audit-project';
export type { FindingEntity as FindingModel } from './entities/finding';
export type AuditProjectConnectionModel = Connection<AuditProjectEntity>;
export type FindingConnectionModel = Connection<FindingEntity>;
