import { GENESIS, recordHash, type ChainedFields, type CheckpointStatement } from './chain';

/** What the request path hands the log: one request's reads and decisions. */
export interface AccessLogEntry {
  at: string;
  user: string;
  roles: readonly string[];
  clearance: string;
  region: string | null;
  /** Ids of the cross-region grants that widened the request's scope beyond `region`. */
  grants?: readonly number[];
  /** Ids of the sharing agreements that opened resources this request read. */
  agreements?: readonly number[];
  purpose: string | null;
  operationName: string | null;
  operationHash: string;
  reads: ReadonlyArray<{ coordinate: string; level: string; decision: string; mask?: string; code?: string }>;
  entities: Record<string, string[]>;
  /** Set on the record that vouches for a purged stretch (retention): its statement and signature. */
  checkpoint?: { statement: CheckpointStatement; signature: string };
}

/** access_log's columns (SnakeNamingStrategy of AccessLogRecord), in the order values are given. */
const COLUMNS = [
  'seq',
  'kind',
  'at',
  'user_name',
  'roles',
  'clearance',
  'region',
  'grants',
  'agreements',
  'purpose',
  'operation_name',
  'operation_hash',
  'reads',
  'entities',
  'prev_hash',
  'hash',
] as const;

interface Pending {
  entry: AccessLogEntry;
  done: () => void;
  failed: (error: unknown) => void;
}

/** The chain's last record as read under the lock (undefined while the chain is empty). */
export type ChainHead = { seq: number | string; hash: string } | undefined;

/** What a writer may do while it holds the chain: it knows the head when it took the lock, and it appends rows. */
export interface ChainAppend {
  head: ChainHead;
  /**
   * Runs one INSERT into access_log. With `last`, the lock is given back in the same round trip where
   * the store can; the writer makes no further insert then.
   */
  insert(sql: string, values: unknown[], last: boolean): Promise<void>;
}

/** Serialises writers of the chain across processes (MySQL named lock) or within this one (SQLite). */
export interface ChainLock {
  run(work: (chain: ChainAppend) => Promise<void>): Promise<void>;
}

/** Reads the head of the chain. */
export const HEAD_SQL = 'SELECT `seq`, `hash` FROM `access_log` ORDER BY `seq` DESC LIMIT 1';

/** How long one writer keeps the chain lock while records keep coming (other gateway instances wait meanwhile). */
const HOLD_MS = 100;
const BATCH_ROWS = 500;

/**
 * The hash-chained access log. Appends are batched: every entry waiting while a batch is written goes
 * into the next one, a single multi-row INSERT under the chain lock, and each request waits for its own
 * record to be stored (the gateway fails closed when it cannot be). While entries keep coming the
 * writer keeps the lock (up to HOLD_MS) and chains on from the head it wrote, so a busy gateway pays
 * one round trip per batch, not three.
 */
export class AccessLog {
  private queue: Pending[] = [];
  private writing: Promise<void> | null = null;

  constructor(
    private readonly lock: ChainLock,
    private readonly afterWrite: () => Promise<void> = async () => {},
  ) {}

  append(entry: AccessLogEntry): Promise<void> {
    return new Promise<void>((done, failed) => {
      this.queue.push({ entry, done, failed });
      this.writing ??= this.drain();
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length) {
      // Taken before the lock: if the lock cannot be had, these requests fail (closed) rather than wait.
      let batch = this.queue.splice(0, BATCH_ROWS);
      try {
        await this.lock.run(async (chain) => {
          const since = Date.now();
          let head = chain.head;
          while (batch.length) {
            const last = this.queue.length === 0 || Date.now() - since >= HOLD_MS;
            head = await this.write(
              chain,
              head,
              batch.map((p) => p.entry),
              last,
            );
            batch.forEach((p) => p.done());
            batch = last ? [] : this.queue.splice(0, BATCH_ROWS);
          }
          // when none was left after all, the lock gives the chain back as the work ends
        });
        if (batch.length) throw new Error('the access log chain lock ended without writing');
      } catch (error) {
        batch.forEach((p) => p.failed(error));
      }
    }
    this.writing = null;
  }

  /** Appends the entries after `head`; returns the new head. */
  private async write(
    chain: ChainAppend,
    head: ChainHead,
    entries: AccessLogEntry[],
    last: boolean,
  ): Promise<ChainHead> {
    // Plain SQL on the hot path (every sensitive read waits for its batch): one multi-row INSERT.
    let previous = { seq: Number(head?.seq ?? 0), hash: head?.hash ?? GENESIS };
    const records = entries.map((entry) => {
      const fields: ChainedFields = {
        seq: previous.seq + 1,
        kind: entry.checkpoint ? 'checkpoint' : 'read',
        at: entry.at,
        userName: entry.user.slice(0, 128),
        roles: JSON.stringify(entry.roles),
        clearance: entry.clearance,
        region: entry.region,
        grants: entry.grants?.length ? JSON.stringify(entry.grants) : null,
        agreements: entry.agreements?.length ? JSON.stringify(entry.agreements) : null,
        purpose: entry.purpose,
        operationName: entry.operationName?.slice(0, 200) ?? null,
        operationHash: entry.checkpoint?.signature ?? entry.operationHash,
        reads: JSON.stringify(entry.checkpoint?.statement ?? entry.reads),
        entities: JSON.stringify(entry.entities),
        prevHash: previous.hash,
      };
      const hash = recordHash(fields);
      previous = { seq: fields.seq, hash };
      return { ...fields, hash };
    });
    const row = `(${COLUMNS.map(() => '?').join(', ')})`;
    const values = records.flatMap((r) => [
      r.seq,
      r.kind,
      r.at,
      r.userName,
      r.roles,
      r.clearance,
      r.region,
      r.grants,
      r.agreements,
      r.purpose,
      r.operationName,
      r.operationHash,
      r.reads,
      r.entities,
      r.prevHash,
      r.hash,
    ]);
    await chain.insert(
      `INSERT INTO \`access_log\` (${COLUMNS.map((c) => `\`${c}\``).join(', ')}) VALUES ${records.map(() => row).join(', ')}`,
      values,
      last,
    );
    await this.afterWrite();
    return previous;
  }
}
