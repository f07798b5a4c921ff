import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

import type { SubgraphAccess } from '../../common/gateway-signature';
import type { RegionScope } from '../common/region-scope';

/**
 * The work records a caller reads, in SQL: those of their region scope, and for a relationship role
 * (a cadre) their own and those the leaders of their body made there (领导干部工作记实向所领导的干部公开),
 * by the system's register of each body's leaders. A cadre holds no region rows, so a peer's records
 * stay out.
 */
export function restrictWorkRecords<T extends ObjectLiteral>(
  q: SelectQueryBuilder<T>,
  alias: string,
  scope: RegionScope,
  access: SubgraphAccess | undefined,
): SelectQueryBuilder<T> {
  const region = scope.condition(`${alias}.regionCode`);
  const relation = access?.relation;
  if (!relation) return q.andWhere(region.sql, region.parameters);
  return q.andWhere(
    `(${region.sql} OR ${alias}.personKey = :relationPerson OR (${alias}.orgUscc = :relationUnit AND ${alias}.personKey IN ` +
      `(SELECT leader.person_key FROM unit_leader leader WHERE leader.org_uscc = :relationUnit)))`,
    { ...region.parameters, relationPerson: relation.person, relationUnit: relation.unit },
  );
}
