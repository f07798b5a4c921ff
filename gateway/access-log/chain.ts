import { createHash } from 'node:crypto';
import type { AccessLogRecord } from '../history/entities/access-log-record';

/** The prev_hash of the first record. */
export const GENESIS = '0'.repeat(64);

export type ChainedFields = Omit<AccessLogRecord, 'id' | 'hash'>;

/** A record's hash: SHA-256 over every stored field except id and the hash itself, previous hash included. */
export function recordHash(record: ChainedFields): string {
  return createHash('sha256')
    .update(JSON.stringify([
      record.seq, record.kind, record.at, record.userName, record.roles, record.clearance, record.region, record.purpose,
      record.operationName, record.operationHash, record.reads, record.entities, record.prevHash,
    ]))
    .digest('hex');
}

export interface ChainProblem {
  /** The first record that breaks the chain (its id and seq), or where a record is missing. */
  id: number;
  seq: number;
  problem: 'modified' | 'deleted or reordered';
  detail: string;
}

export interface ChainReport {
  records: number;
  /** The last record's seq and hash: publish it, and a later truncation of the tail shows. */
  head: { seq: number; hash: string };
  firstBreak: ChainProblem | null;
}

/**
 * Walks records in id order and stops at the first break: a record whose hash does not match its
 * content (modified), or whose seq or prev_hash does not follow the record before it (a record
 * deleted, inserted or moved).
 */
export async function verifyChain(records: AsyncIterable<AccessLogRecord>): Promise<ChainReport> {
  let previous = { seq: 0, hash: GENESIS };
  let count = 0;
  for await (const record of records) {
    count++;
    const broken = (problem: ChainProblem['problem'], detail: string): ChainReport => ({ records: count, head: previous, firstBreak: { id: record.id, seq: record.seq, problem, detail } });
    if (recordHash(record) !== record.hash) return broken('modified', 'its content does not match its hash');
    if (record.seq !== previous.seq + 1 || record.prevHash !== previous.hash) {
      return broken('deleted or reordered', `expected seq ${previous.seq + 1} after hash ${previous.hash.slice(0, 12)}…, found seq ${record.seq} after ${record.prevHash.slice(0, 12)}…`);
    }
    previous = { seq: record.seq, hash: record.hash };
  }
  return { records: count, head: previous, firstBreak: null };
}
