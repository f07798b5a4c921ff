import { AuditProjectEntity } from './audit-project';
import { FindingEntity } from './finding';

export const auditEntities = [AuditProjectEntity, FindingEntity];
