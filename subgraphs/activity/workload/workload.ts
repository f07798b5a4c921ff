import type { DataSource } from 'typeorm';

import { checkPersonKey, checkUscc } from '../../../common/arguments';
import { badUserInput } from '../../../common/errors';
import type { SubgraphAccess } from '../../../common/gateway-signature';
import { whereBetween, whereEquals, whereRegion } from '../../common/filters';
import type { RegionScope } from '../../common/region-scope';
import { ActivityCategoryEntity } from '../entities/activity-category';
import { WorkRecordEntity } from '../entities/work-record';
import { restrictWorkRecords } from '../work-record-scope';
import { deviationOf, PeerComparison, zScore, type Deviation, type Peers, type RegionSums } from './peer-comparison';

export interface WorkloadFilter {
  by?: 'PERSON' | 'BODY' | null;
  from: string;
  to: string;
  regionCode?: string | null;
  orgUscc?: string | null;
  personKey?: string | null;
  categoryCode?: string | null;
  onlyOutliers?: boolean | null;
  threshold?: number | null;
}

export interface WorkloadRow {
  personKey: string | null;
  orgUscc: string;
  regionCode: string;
  categoryCode: string;
  records: number;
  hours: number;
  standardHours: number;
  ratio: number;
  hoursPerRecord: number;
  peers: Peers | null;
  zScore: number | null;
  deviation: Deviation | null;
}

/**
 * 履职监测: per subject and category, hours recorded against the category's standard, set against the
 * same category's subjects in other regions. Two grouped statements: the caller's rows (scoped like
 * every read of work records) and the per-region sums their peers are made of (totals only).
 */
export async function workload(
  dataSource: DataSource,
  scope: RegionScope,
  access: SubgraphAccess | undefined,
  filter: WorkloadFilter,
): Promise<WorkloadRow[]> {
  const threshold = filter.threshold ?? 3;
  if (!Number.isFinite(threshold) || threshold < 1 || threshold > 100)
    throw badUserInput('threshold must be between 1 and 100 standard deviations', 'filter.threshold');
  if (filter.from > filter.to) throw badUserInput('from must not be after to', 'filter.from');
  const byPerson = (filter.by ?? 'PERSON') === 'PERSON';
  const standards = new Map(
    (await dataSource.getRepository(ActivityCategoryEntity).find()).map((c) => [c.code, c.standardHours]),
  );
  const [rows, sums] = await Promise.all([
    subjectRows(dataSource, scope, access, filter, byPerson),
    regionSums(dataSource, filter, byPerson),
  ]);
  const peers = new PeerComparison(sums);
  const result: WorkloadRow[] = [];
  for (const row of rows) {
    const records = Number(row.records);
    const hours = Number(row.hours);
    const standardHours = records * (standards.get(row.categoryCode) ?? 0);
    const hoursPerRecord = hours / records;
    const rowPeers = peers.peersOf(row.categoryCode, row.regionCode);
    const z = zScore(hoursPerRecord, rowPeers);
    const deviation = deviationOf(z, threshold);
    if (filter.onlyOutliers && deviation === null) continue;
    result.push({
      personKey: byPerson ? row.personKey : null,
      orgUscc: row.orgUscc,
      regionCode: row.regionCode,
      categoryCode: row.categoryCode,
      records,
      hours,
      standardHours,
      ratio: rounded(standardHours > 0 ? hours / standardHours : 0),
      hoursPerRecord: rounded(hoursPerRecord),
      peers: rowPeers && {
        ...rowPeers,
        meanHoursPerRecord: rounded(rowPeers.meanHoursPerRecord),
        stdDevHoursPerRecord: rounded(rowPeers.stdDevHoursPerRecord),
      },
      zScore: z === null ? null : rounded(z),
      deviation,
    });
  }
  return result.sort(largestDeviationFirst);
}

interface GroupRow {
  personKey: string;
  orgUscc: string;
  regionCode: string;
  categoryCode: string;
  records: string | number;
  hours: string | number;
}

function subjectRows(
  dataSource: DataSource,
  scope: RegionScope,
  access: SubgraphAccess | undefined,
  filter: WorkloadFilter,
  byPerson: boolean,
): Promise<GroupRow[]> {
  const q = dataSource
    .getRepository(WorkRecordEntity)
    .createQueryBuilder('record')
    .select('record.orgUscc', 'orgUscc')
    .addSelect('record.regionCode', 'regionCode')
    .addSelect('record.categoryCode', 'categoryCode')
    .addSelect('COUNT(*)', 'records')
    .addSelect('SUM(record.hours)', 'hours')
    .groupBy('record.orgUscc')
    .addGroupBy('record.regionCode')
    .addGroupBy('record.categoryCode');
  if (byPerson) q.addSelect('record.personKey', 'personKey').addGroupBy('record.personKey');
  restrictWorkRecords(q, 'record', scope, access);
  whereBetween(q, 'record.date', filter.from, filter.to);
  whereRegion(q, 'record.regionCode', filter.regionCode);
  whereEquals(q, 'record.orgUscc', filter.orgUscc, (v) => checkUscc(v, 'orgUscc'));
  whereEquals(q, 'record.personKey', filter.personKey, (v) => checkPersonKey(v));
  whereEquals(q, 'record.categoryCode', filter.categoryCode);
  return q.getRawMany<GroupRow>();
}

/** Per category and region: how many subjects, and the sum and sum of squares of their hours per record. */
async function regionSums(dataSource: DataSource, filter: WorkloadFilter, byPerson: boolean): Promise<RegionSums[]> {
  const perSubject = dataSource
    .getRepository(WorkRecordEntity)
    .createQueryBuilder('record')
    .select('record.categoryCode', 'categoryCode')
    .addSelect('record.regionCode', 'regionCode')
    .addSelect('CAST(SUM(record.hours) AS DOUBLE) / COUNT(*)', 'perRecord')
    .groupBy('record.categoryCode')
    .addGroupBy('record.regionCode')
    .addGroupBy('record.orgUscc');
  if (byPerson) perSubject.addGroupBy('record.personKey');
  whereBetween(perSubject, 'record.date', filter.from, filter.to);
  whereEquals(perSubject, 'record.categoryCode', filter.categoryCode);
  const rows = await dataSource
    .createQueryBuilder()
    .select('subject.categoryCode', 'categoryCode')
    .addSelect('subject.regionCode', 'regionCode')
    .addSelect('COUNT(*)', 'subjects')
    .addSelect('SUM(subject.perRecord)', 'sum')
    .addSelect('SUM(subject.perRecord * subject.perRecord)', 'sumOfSquares')
    .from(`(${perSubject.getQuery()})`, 'subject')
    .setParameters(perSubject.getParameters())
    .groupBy('subject.categoryCode')
    .addGroupBy('subject.regionCode')
    .getRawMany<Record<keyof RegionSums, string | number>>();
  return rows.map((r) => ({
    categoryCode: String(r.categoryCode),
    regionCode: String(r.regionCode),
    subjects: Number(r.subjects),
    sum: Number(r.sum),
    sumOfSquares: Number(r.sumOfSquares),
  }));
}

/**
 * Statistics to four places: what a reader compares, and the same whichever database summed them
 * (the nudge settles an exact half, e.g. 2.02125, that two summation orders leave a hair either side).
 */
const rounded = (value: number) => Math.round(value * 10_000 + 1e-6) / 10_000;

/** Largest |z| first, rows without a comparison last, then a fixed order so pages are stable. */
function largestDeviationFirst(a: WorkloadRow, b: WorkloadRow): number {
  const za = a.zScore === null ? -1 : Math.abs(a.zScore);
  const zb = b.zScore === null ? -1 : Math.abs(b.zScore);
  if (za !== zb) return zb - za;
  return (
    a.regionCode.localeCompare(b.regionCode) ||
    a.orgUscc.localeCompare(b.orgUscc) ||
    (a.personKey ?? '').localeCompare(b.personKey ?? '') ||
    a.categoryCode.localeCompare(b.categoryCode)
  );
}
