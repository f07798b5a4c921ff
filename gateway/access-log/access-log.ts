import type { EntityManager } from 'typeorm';
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
  purpose: string | null;
  operationName: string | null;
  operationHash: string;
  reads: ReadonlyArray<{ coordinate: string; level: string; decision: string; mask?: string; code?: string }>;
  entities: Record<string, string[]>;
  /** Set on the record that vouches for a purged stretch (retention): its statement and signature. */
  checkpoint?: { statement: CheckpointStatement; signature: string };
}

/** access_log's columns (SnakeNamingStrategy of AccessLogRecord), in the order values are given. */
const COLUMNS = ['seq', 'kind', 'at', 'user_name', 'roles', 'clearance', 'region', 'grants', 'purpose', 'operation_name', 'operation_hash', 'reads', 'entities', 'prev_hash', 'hash'] as const;

interface Pending {
  entry: AccessLogEntry;
  done: () => void;
  failed: (error: unknown) => void;
}

/** Serialises writers of the chain across processes (MySQL named lock) or within this one (SQLite); work runs on the locked connection. */
export interface ChainLock {
  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T>;
}

/**
 * The hash-chained access log. Appends are batched: every entry waiting while a batch is written goes
 * into the next one, a single multi-row INSERT under the chain lock, and each request waits for its own
 * record to be stored (the gateway fails closed when it cannot be).
 */
export class AccessLog {
  private queue: Pending[] = [];
  private writing: Promise<void> | null = null;

  constructor(private readonly lock: ChainLock, private readonly afterWrite: () => Promise<void> = async () => {}) {}

  append(entry: AccessLogEntry): Promise<void> {
    return new Promise<void>((done, failed) => {
      this.queue.push({ entry, done, failed });
      this.writing ??= this.drain();
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length) {
      const batch = this.queue.splice(0, 500);
      try {
        await this.lock.run((manager) => this.write(manager, batch.map((p) => p.entry)));
        batch.forEach((p) => p.done());
      } catch (error) {
        batch.forEach((p) => p.failed(error));
      }
    }
    this.writing = null;
  }

  private async write(manager: EntityManager, entries: AccessLogEntry[]): Promise<void> {
    // Plain SQL on the hot path (every sensitive read waits for its batch): the chain's head, then one multi-row INSERT.
    const [head] = (await manager.query('SELECT `seq`, `hash` FROM `access_log` ORDER BY `seq` DESC LIMIT 1')) as Array<{ seq: number | string; hash: string }>;
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
    const values = records.flatMap((r) => [r.seq, r.kind, r.at, r.userName, r.roles, r.clearance, r.region, r.grants, r.purpose, r.operationName, r.operationHash, r.reads, r.entities, r.prevHash, r.hash]);
    await manager.query(`INSERT INTO \`access_log\` (${COLUMNS.map((c) => `\`${c}\``).join(', ')}) VALUES ${records.map(() => row).join(', ')}`, values);
    await this.afterWrite();
  }
}
