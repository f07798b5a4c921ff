import type { DataSource } from 'typeorm';

import { checkPersonKey } from '../../common/arguments';
import { toFactTable, type FactTable } from '../../common/fact-table';
import { keyOrderedPage, selectColumns, whereKeysIn, type KeyPage } from '../common/facts-query';
import { whereBetween, whereRegion } from '../common/filters';
import type { RegionScope } from '../common/region-scope';
import { WorkRecordEntity } from './entities/work-record';

/** What the supervision subgraph asks the activity system for in bulk, within the caller's region scope. */

/** Who (of a region, or of these people) has at least one work record in [from, to]: one row per person. */
export async function workPresenceFacts(
  dataSource: DataSource,
  scope: RegionScope,
  args: KeyPage & { from: string; to: string; regionCode?: string | null; personKeys?: readonly string[] | null },
): Promise<FactTable> {
  const q = dataSource
    .getRepository(WorkRecordEntity)
    .createQueryBuilder('record')
    .select('record.personKey', 'personKey')
    .distinct(true);
  scope.restrict(q, 'record.regionCode');
  whereBetween(q, 'record.date', args.from, args.to);
  whereRegion(q, 'record.regionCode', args.regionCode);
  keyOrderedPage(q, 'record.personKey', args);
  if (!whereKeysIn(q, 'record.personKey', args.personKeys, 'personKeys', checkPersonKey))
    return toFactTable(['personKey'], []);
  return toFactTable(['personKey'], await q.getRawMany());
}

const RECORD_COLUMNS = ['personKey', 'date', 'categoryCode'] as const;

/** The work records of these people in [from, to]: who, which day, which activity. */
export async function workRecordFacts(
  dataSource: DataSource,
  scope: RegionScope,
  args: { personKeys: readonly string[]; from?: string | null; to?: string | null },
): Promise<FactTable> {
  const q = selectColumns(dataSource.getRepository(WorkRecordEntity).createQueryBuilder('record'), {
    personKey: 'record.personKey',
    date: 'record.date',
    categoryCode: 'record.categoryCode',
  });
  if (!whereKeysIn(q, 'record.personKey', args.personKeys, 'personKeys', checkPersonKey))
    return toFactTable(RECORD_COLUMNS, []);
  scope.restrict(q, 'record.regionCode');
  whereBetween(q, 'record.date', args.from, args.to);
  const rows = await q.getRawMany<Record<(typeof RECORD_COLUMNS)[number], unknown>>();
  return toFactTable(
    RECORD_COLUMNS,
    rows.map((r) => ({ ...r, date: String(r.date).slice(0, 10) })),
  );
}
