import { LessThanOrEqual, MoreThanOrEqual } from 'typeorm';

import type { SubgraphDatabase } from '../../../common/database/database';
import { AccessLogRecord } from '../../database/entities/access-log-record';
import type { AccessLog } from './access-log';
import { signCheckpoint, verifyChain, type CheckpointStatement } from './chain';
import { recordsInOrder } from './records-in-order';

export class PurgeRefused extends Error {}

export interface PurgeResult {
  purged: number;
  checkpoint: CheckpointStatement | null;
}

/**
 * Retention: deletes the records older than `olderThan` from the start of the chain, after appending a
 * checkpoint record that states the purged stretch (its last seq and hash) signed with the retention
 * key, so `audit verify` still proves nothing else was removed. Refuses on a broken chain: purging
 * must never erase the evidence of tampering. Runs with the gateway database's own (DELETE-capable)
 * connection; the log writer's user cannot delete.
 */
export async function purgeAccessLog(
  db: SubgraphDatabase,
  log: AccessLog,
  options: { olderThan: Date; by: string; checkpointSecret: string },
): Promise<PurgeResult> {
  const report = await verifyChain(recordsInOrder(db.dataSource), options.checkpointSecret);
  if (report.firstBreak)
    throw new PurgeRefused(
      `the access log chain is broken at seq ${report.firstBreak.seq} (${report.firstBreak.problem}); nothing purged`,
    );
  const repository = db.dataSource.getRepository(AccessLogRecord);
  const olderThan = options.olderThan.toISOString();
  const [firstKept] = await repository.find({
    where: { at: MoreThanOrEqual(olderThan) },
    order: { seq: 'ASC' },
    take: 1,
  });
  const throughSeq = (firstKept?.seq ?? report.head.seq + 1) - 1;
  if (throughSeq < report.startsAt) return { purged: 0, checkpoint: null };
  const last = await repository.findOneByOrFail({ seq: throughSeq });
  const statement: CheckpointStatement = {
    fromSeq: report.startsAt,
    throughSeq,
    throughHash: last.hash,
    records: throughSeq - report.startsAt + 1,
    olderThan,
  };
  await log.append({
    at: new Date().toISOString(),
    user: options.by,
    roles: [],
    clearance: 'PUBLIC',
    region: null,
    purpose: null,
    operationName: 'retention checkpoint',
    operationHash: '',
    reads: [],
    entities: {},
    checkpoint: { statement, signature: signCheckpoint(options.checkpointSecret, statement) },
  });
  const { affected } = await repository.delete({ seq: LessThanOrEqual(throughSeq) });
  await db.persist();
  return { purged: affected ?? statement.records, checkpoint: statement };
}
