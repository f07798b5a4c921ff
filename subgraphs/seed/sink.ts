import { createHash } from 'node:crypto';
import type { QueryRunner } from 'typeorm';

import type { SubgraphName } from '../../common/subgraph-catalog';

export type Row = Record<string, string | number | boolean | null>;

/** Where generated rows go: databases when seeding, a hash when testing determinism. */
export interface RowSink {
  write(database: SubgraphName, table: string, row: Row): Promise<void>;
  /** Rows written so far, per "database.table". */
  readonly counts: Record<string, number>;
  finish(): Promise<void>;
}

/** Placeholders per statement: below SQLite's 32,766 and comfortably inside MySQL's 65,535. */
const MAX_PARAMS = 20_000;
/** Rows per transaction on a database. */
const ROWS_PER_COMMIT = 50_000;

class TableBatch {
  readonly rows: unknown[] = [];
  count = 0;
  constructor(
    readonly table: string,
    readonly columns: string[],
    readonly maxRows: number,
  ) {}
}

/**
 * Multi-row INSERTs on one connection per database, in transactions of ROWS_PER_COMMIT rows. A full
 * batch is sent while generation continues; the generator waits only when the database falls behind.
 */
class DatabaseWriter {
  private readonly batches = new Map<string, TableBatch>();
  private pending: Promise<void> = Promise.resolve();
  private inFlight = 0;
  private uncommitted = 0;
  private inTransaction = false;

  constructor(
    private readonly runner: QueryRunner,
    private readonly quote: (name: string) => string,
    private readonly onRows: (table: string, n: number) => void,
  ) {}

  async write(table: string, row: Row): Promise<void> {
    let batch = this.batches.get(table);
    if (!batch) {
      const columns = Object.keys(row);
      batch = new TableBatch(table, columns, Math.max(1, Math.floor(MAX_PARAMS / columns.length)));
      this.batches.set(table, batch);
    }
    for (const column of batch.columns) {
      const value = row[column] ?? null;
      // sql.js cannot bind booleans; both dialects store them as 0/1.
      batch.rows.push(typeof value === 'boolean' ? Number(value) : value);
    }
    batch.count++;
    if (batch.count >= batch.maxRows) await this.flush(batch);
  }

  private async flush(batch: TableBatch): Promise<void> {
    if (batch.count === 0) return;
    const values = batch.rows.splice(0);
    const n = batch.count;
    batch.count = 0;
    const tuple = `(${batch.columns.map(() => '?').join(',')})`;
    const sql = `INSERT INTO ${this.quote(batch.table)} (${batch.columns.map(this.quote).join(',')}) VALUES ${new Array(n).fill(tuple).join(',')}`;
    this.inFlight++;
    this.pending = this.pending.then(async () => {
      if (!this.inTransaction) {
        await this.runner.startTransaction();
        this.inTransaction = true;
      }
      await this.runner.query(sql, values);
      this.onRows(batch.table, n);
      this.uncommitted += n;
      if (this.uncommitted >= ROWS_PER_COMMIT) {
        await this.runner.commitTransaction();
        this.inTransaction = false;
        this.uncommitted = 0;
      }
      this.inFlight--;
    });
    // Let generation run ahead by one batch; wait when two are queued.
    if (this.inFlight > 1) await this.pending;
  }

  async finish(): Promise<void> {
    for (const batch of this.batches.values()) await this.flush(batch);
    await this.pending;
    if (this.inTransaction) await this.runner.commitTransaction();
    this.inTransaction = false;
  }
}

/** Writes rows into the subgraphs' databases through one query runner each. */
export class DatabaseSink implements RowSink {
  readonly counts: Record<string, number> = {};
  private readonly writers: Map<SubgraphName, DatabaseWriter>;

  constructor(runners: Map<SubgraphName, QueryRunner>, onRows: (n: number) => void = () => {}) {
    this.writers = new Map(
      [...runners].map(([name, runner]) => {
        const quote = (id: string) => runner.connection.driver.escape(id);
        return [name, new DatabaseWriter(runner, quote, (_table, n) => onRows(n))];
      }),
    );
  }

  write(database: SubgraphName, table: string, row: Row): Promise<void> {
    const key = `${database}.${table}`;
    this.counts[key] = (this.counts[key] ?? 0) + 1;
    const writer = this.writers.get(database);
    if (!writer) throw new Error(`no writer for ${database}`);
    return writer.write(table, row);
  }

  async finish(): Promise<void> {
    for (const writer of this.writers.values()) await writer.finish();
  }
}

/** Hashes every row in order; two runs with one seed must give one digest. */
export class HashingSink implements RowSink {
  readonly counts: Record<string, number> = {};
  private readonly hash = createHash('sha256');

  async write(database: SubgraphName, table: string, row: Row): Promise<void> {
    const key = `${database}.${table}`;
    this.counts[key] = (this.counts[key] ?? 0) + 1;
    this.hash.update(key).update(JSON.stringify(row));
  }

  async finish(): Promise<void> {}

  digest(): string {
    return this.hash.copy().digest('hex');
  }
}
