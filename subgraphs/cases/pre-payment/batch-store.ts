import { In, type DataSource } from 'typeorm';

import { regionPrefix } from '../../../common/identifiers/region-code';
import type { RegionScope } from '../../common/region-scope';
import { sumYuan } from '../../supervision/checks/values';
import { PayrollBatchEntity } from '../entities/payroll-batch';
import { PayrollBatchLineEntity } from '../entities/payroll-batch-line';
import type { BatchLine, BatchVerdict, LineWarning, PayrollWarningKind } from './payroll-warnings';

/** Rows per INSERT and keys per IN (...): well inside both databases' statement limits. */
const CHUNK = 1000;

export interface BatchHeader {
  reference: string;
  month: string;
  regionCode: string;
  submittedBy: string;
}

export type LineWarningDetail = Pick<LineWarning, 'rollOrgUscc' | 'status' | 'statusDate' | 'diedOn' | 'otherPayers'>;

/** Checked batches and their lines, kept in the cases database. */
export class BatchStore {
  constructor(
    private readonly dataSource: DataSource,
    /** Embedded database: written to its file after each batch. */
    private readonly persist: () => Promise<void>,
  ) {}

  /** Who else the month's earlier batches pay these people with (the line's own body is filtered by the rules). */
  async recordedPay(
    month: string,
    personKeys: readonly string[],
  ): Promise<Array<{ personKey: string; orgUscc: string }>> {
    const out: Array<{ personKey: string; orgUscc: string }> = [];
    const repository = this.dataSource.getRepository(PayrollBatchLineEntity);
    for (let i = 0; i < personKeys.length; i += CHUNK) {
      const rows = await repository.find({
        select: { personKey: true, orgUscc: true },
        where: { month, personKey: In(personKeys.slice(i, i + CHUNK)) },
      });
      for (const row of rows) out.push({ personKey: row.personKey, orgUscc: row.orgUscc });
    }
    return out;
  }

  /** The batch, every line and the verdict, in one transaction. */
  async record(
    header: BatchHeader,
    lines: readonly BatchLine[],
    verdict: BatchVerdict,
    tookMs: number,
  ): Promise<PayrollBatchEntity> {
    const warned = new Map(verdict.warnings.map((w) => [w.lineNo, w]));
    const saved = await this.dataSource.transaction(async (manager) => {
      const batch = await manager.getRepository(PayrollBatchEntity).save({
        ...header,
        checkedAt: new Date().toISOString(),
        tookMs,
        lineCount: lines.length,
        amount: sumYuan(lines.map((l) => l.gross)),
        warnedLines: verdict.warnings.length,
        summary: JSON.stringify(verdict.summary),
        overQuota: JSON.stringify(verdict.overQuota),
      });
      const rows = [...lines]
        .sort((a, b) => a.lineNo - b.lineNo)
        .map((line) => {
          const w = warned.get(line.lineNo);
          return {
            batchId: batch.id,
            lineNo: line.lineNo,
            month: header.month,
            personKey: line.personKey,
            orgUscc: line.orgUscc,
            gross: line.gross,
            warnings: w ? `,${w.kinds.join(',')},` : '',
            detail: w ? JSON.stringify(detailOf(w)) : null,
          };
        });
      for (let i = 0; i < rows.length; i += CHUNK)
        await manager.getRepository(PayrollBatchLineEntity).insert(rows.slice(i, i + CHUNK));
      return batch;
    });
    await this.persist();
    return saved;
  }

  async find(id: number, scope: RegionScope): Promise<PayrollBatchEntity | null> {
    const batch = await this.dataSource.getRepository(PayrollBatchEntity).findOneBy({ id });
    return batch && scope.covers(batch.regionCode) ? batch : null;
  }

  /** Warned lines of a batch, in line order: the query a page is cut from. */
  warnedLines(batchId: number, kinds: readonly PayrollWarningKind[] | null | undefined) {
    const q = this.dataSource
      .getRepository(PayrollBatchLineEntity)
      .createQueryBuilder('line')
      .where('line.batchId = :batchId', { batchId })
      .andWhere("line.warnings <> ''");
    if (kinds?.length)
      q.andWhere(
        `(${kinds.map((_, i) => `line.warnings LIKE :kind${i}`).join(' OR ')})`,
        Object.fromEntries(kinds.map((kind, i) => [`kind${i}`, `%,${kind},%`])),
      );
    return q;
  }

  /** Batches in scope (and the region and month asked for), newest first: the query a page is cut from. */
  batches(scope: RegionScope, filter: { regionCode?: string | null; month?: string | null }) {
    const q = this.dataSource.getRepository(PayrollBatchEntity).createQueryBuilder('batch');
    scope.restrict(q, 'batch.regionCode');
    if (filter.regionCode)
      q.andWhere('batch.regionCode LIKE :region', { region: `${regionPrefix(filter.regionCode)}%` });
    if (filter.month) q.andWhere('batch.month = :month', { month: filter.month });
    return q;
  }
}

const detailOf = (w: LineWarning): LineWarningDetail => ({
  rollOrgUscc: w.rollOrgUscc,
  status: w.status,
  statusDate: w.statusDate,
  diedOn: w.diedOn,
  otherPayers: w.otherPayers,
});
