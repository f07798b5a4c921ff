import type { DataSource } from 'typeorm';

import { checkPersonKey } from '../../common/arguments';
import { toFactTable, type FactTable } from '../../common/fact-table';
import { keyOrderedPage, selectColumns, whereKeysIn, type KeyPage } from '../common/facts-query';
import { whereOrgUscc, whereRegion } from '../common/filters';
import type { RegionScope } from '../common/region-scope';
import { EstablishmentPlanEntity } from './entities/establishment-plan';
import { EstablishmentQuotaEntity } from './entities/establishment-quota';
import { OrgEntity } from './entities/org';
import { PersonEntity } from './entities/person';

/** What the supervision subgraph asks staffing for in bulk: one statement each, never one per body or person. */

const ROLL_COLUMNS = [
  'personKey',
  'orgUscc',
  'regionCode',
  'establishmentType',
  'status',
  'statusDate',
  'leaderRank',
  'secondedToUscc',
] as const;

/** The real-name roll within the caller's region scope. */
export async function rollFacts(
  dataSource: DataSource,
  scope: RegionScope,
  args: KeyPage & { regionCode?: string | null; orgUscc?: string | null; personKeys?: readonly string[] | null },
): Promise<FactTable> {
  const q = dataSource
    .getRepository(PersonEntity)
    .createQueryBuilder('person')
    .innerJoin(OrgEntity, 'org', 'org.id = person.orgId')
    .leftJoin(OrgEntity, 'host', 'host.id = person.secondedToOrgId');
  selectColumns(q, {
    personKey: 'person.personKey',
    orgUscc: 'org.uscc',
    regionCode: 'person.regionCode',
    establishmentType: 'person.establishmentType',
    status: 'person.status',
    statusDate: 'person.statusDate',
    leaderRank: 'person.leaderRank',
    secondedToUscc: 'host.uscc',
  });
  scope.restrict(q, 'person.regionCode');
  whereRegion(q, 'person.regionCode', args.regionCode);
  whereOrgUscc(q, 'person.orgId', args.orgUscc);
  keyOrderedPage(q, 'person.personKey', args);
  if (!whereKeysIn(q, 'person.personKey', args.personKeys, 'personKeys', checkPersonKey))
    return toFactTable(ROLL_COLUMNS, []);
  return toFactTable(ROLL_COLUMNS, await q.getRawMany());
}

const ESTABLISHMENT_COLUMNS = ['orgUscc', 'regionCode', 'type', 'quota', 'leaderChief', 'leaderDeputy'] as const;

/**
 * 三定 quotas per body and establishment type, with the body's leader posts. Published data, but a
 * check is about the bodies of the caller's scope, so only those come back.
 */
export async function establishmentFacts(
  dataSource: DataSource,
  scope: RegionScope,
  args: { regionCode?: string | null; orgUscc?: string | null },
): Promise<FactTable> {
  const q = dataSource
    .getRepository(EstablishmentQuotaEntity)
    .createQueryBuilder('quota')
    .innerJoin(EstablishmentPlanEntity, 'plan', 'plan.id = quota.planId')
    .innerJoin(OrgEntity, 'org', 'org.id = plan.orgId');
  selectColumns(q, {
    orgUscc: 'org.uscc',
    regionCode: 'org.regionCode',
    type: 'quota.type',
    quota: 'quota.quota',
    leaderChief: 'plan.leaderChief',
    leaderDeputy: 'plan.leaderDeputy',
  });
  scope.restrict(q, 'org.regionCode');
  whereRegion(q, 'org.regionCode', args.regionCode);
  whereOrgUscc(q, 'org.id', args.orgUscc);
  const rows = await q.getRawMany<Record<(typeof ESTABLISHMENT_COLUMNS)[number], unknown>>();
  return toFactTable(
    ESTABLISHMENT_COLUMNS,
    rows.map((r) => ({
      ...r,
      quota: Number(r.quota),
      leaderChief: Number(r.leaderChief),
      leaderDeputy: Number(r.leaderDeputy),
    })),
  );
}
