import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

import type { AccessLogRecord } from '../../database/entities/access-log-record';

/** The prev_hash of the first record. */
export const GENESIS = '0'.repeat(64);

export type ChainedFields = Omit<AccessLogRecord, 'id' | 'hash'>;

/**
 * A record's hash: SHA-256 over every stored field except id and the hash itself, previous hash included.
 * `grants` and `agreements` came later: each is hashed only when set, so records written before still verify.
 */
export function recordHash(record: ChainedFields): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        record.seq,
        record.kind,
        record.at,
        record.userName,
        record.roles,
        record.clearance,
        record.region,
        record.purpose,
        record.operationName,
        record.operationHash,
        record.reads,
        record.entities,
        record.prevHash,
        ...(record.grants === null ? [] : [record.grants]),
        ...(record.agreements === null ? [] : [{ agreements: record.agreements }]),
      ]),
    )
    .digest('hex');
}

/**
 * What a checkpoint record states about a purged stretch at the start of the chain: records
 * `fromSeq`..`throughSeq` were deleted, the last of them had hash `throughHash`. Stored as the
 * checkpoint record's `reads`; its HMAC (the retention key) as its `operationHash`.
 */
export interface CheckpointStatement {
  fromSeq: number;
  throughSeq: number;
  throughHash: string;
  records: number;
  /** Records older than this time were purged. */
  olderThan: string;
}

export function signCheckpoint(secret: string, statement: CheckpointStatement): string {
  const { fromSeq, throughSeq, throughHash, records, olderThan } = statement;
  return createHmac('sha256', secret)
    .update(JSON.stringify(['govgraph-checkpoint-v1', fromSeq, throughSeq, throughHash, records, olderThan]))
    .digest('hex');
}

function checkpointOf(record: AccessLogRecord, secret: string): CheckpointStatement | 'forged' {
  try {
    const statement = JSON.parse(record.reads) as CheckpointStatement;
    const expected = Buffer.from(signCheckpoint(secret, statement));
    const given = Buffer.from(record.operationHash);
    return given.length === expected.length && timingSafeEqual(given, expected) ? statement : 'forged';
  } catch {
    return 'forged';
  }
}

export interface ChainProblem {
  /** The first record that breaks the chain (its id and seq), or where a record is missing. */
  id: number;
  seq: number;
  problem: 'modified' | 'deleted or reordered' | 'forged checkpoint';
  detail: string;
}

export interface ChainReport {
  records: number;
  /** The last record's seq and hash: publish it, and a later truncation of the tail shows. */
  head: { seq: number; hash: string };
  /** Where the stored chain starts: seq 1, or after a purged stretch vouched for by a signed checkpoint. */
  startsAt: number;
  firstBreak: ChainProblem | null;
}

/**
 * Walks records in id order and stops at the first break: a record whose hash does not match its
 * content (modified), whose seq or prev_hash does not follow the record before it (a record deleted,
 * inserted or moved), or a checkpoint whose signature is wrong. A chain that does not start at seq 1
 * is whole only if a signed checkpoint in it states exactly the purged stretch before its first record.
 */
export async function verifyChain(
  records: AsyncIterable<AccessLogRecord>,
  checkpointSecret: string,
): Promise<ChainReport> {
  let previous = { seq: 0, hash: GENESIS };
  let count = 0;
  let first: AccessLogRecord | null = null;
  let gapVouched = true;
  const report = (firstBreak: ChainProblem | null): ChainReport => ({
    records: count,
    head: previous,
    startsAt: first?.seq ?? 1,
    firstBreak,
  });
  for await (const record of records) {
    count++;
    const broken = (problem: ChainProblem['problem'], detail: string) =>
      report({ id: record.id, seq: record.seq, problem, detail });
    if (recordHash(record) !== record.hash) return broken('modified', 'its content does not match its hash');
    if (first === null) {
      first = record;
      if (record.seq > 1) {
        // the purged stretch: accepted for now, vouched for by a checkpoint later in the chain
        previous = { seq: record.seq - 1, hash: record.prevHash };
        gapVouched = false;
      }
    }
    if (record.seq !== previous.seq + 1 || record.prevHash !== previous.hash) {
      return broken(
        'deleted or reordered',
        `expected seq ${previous.seq + 1} after hash ${previous.hash.slice(0, 12)}…, found seq ${record.seq} after ${record.prevHash.slice(0, 12)}…`,
      );
    }
    if (record.kind === 'checkpoint') {
      const statement = checkpointOf(record, checkpointSecret);
      if (statement === 'forged')
        return broken('forged checkpoint', 'its signature does not match its statement (or the retention key differs)');
      if (statement.throughSeq === first.seq - 1 && statement.throughHash === first.prevHash) gapVouched = true;
    }
    previous = { seq: record.seq, hash: record.hash };
  }
  if (!gapVouched && first) {
    return report({
      id: first.id,
      seq: first.seq,
      problem: 'deleted or reordered',
      detail: `records before seq ${first.seq} are missing and no signed checkpoint states their purge`,
    });
  }
  return report(null);
}
