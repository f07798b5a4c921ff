import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { EntityManager } from 'typeorm';

import type { SubgraphDatabase } from '../../../common/database/database';
import { BACKUP_FORMAT, BACKUP_TABLES, type BackupHeader, type BackupTable, type BackupTrailer } from './backup-tables';

const PAGE = 2000;

/** A table's rows in key order, a page at a time (keyset paging: no row is read twice or missed). */
async function* rowsOf(manager: EntityManager, table: BackupTable): AsyncGenerator<Record<string, unknown>> {
  let after: unknown = null;
  for (;;) {
    const query = manager.getRepository(table.entity).createQueryBuilder('r').orderBy(`r.${table.key}`, 'ASC');
    if (after !== null) query.where(`r.${table.key} > :after`, { after });
    const page = await query.take(PAGE).getMany();
    for (const row of page) yield { ...row };
    if (page.length < PAGE) return;
    after = page.at(-1)![table.key];
  }
}

/** The migrations the database has run, by name, in order. */
export async function appliedMigrations(manager: EntityManager): Promise<string[]> {
  const rows = (await manager.query('SELECT name FROM migrations ORDER BY id')) as Array<{ name: string }>;
  return rows.map((r) => r.name);
}

/**
 * Writes the gateway's own data to `file` (gzipped JSON lines: a header, one line per row, a trailer
 * with the row counts and a SHA-256 of the lines). MySQL/MariaDB is read in one REPEATABLE READ
 * transaction, so the tables agree with each other while gateways keep writing. The file appears
 * only when complete (written beside it, then renamed).
 */
export async function backupGatewayDatabase(db: SubgraphDatabase, file: string): Promise<BackupTrailer> {
  const runner = db.dataSource.createQueryRunner();
  await runner.connect();
  const partial = `${file}.partial`;
  try {
    if (db.dialect === 'mysql') await runner.startTransaction('REPEATABLE READ');
    const { manager } = runner;
    const digest = createHash('sha256');
    const lines = new PassThrough();
    const written = pipeline(lines, createGzip(), createWriteStream(partial, { mode: 0o600 }));
    const write = async (value: unknown, hashed = true) => {
      const line = `${JSON.stringify(value)}\n`;
      if (hashed) digest.update(line);
      if (!lines.write(line)) await new Promise((drained) => lines.once('drain', drained));
    };
    const header: BackupHeader = {
      format: BACKUP_FORMAT,
      version: 1,
      at: new Date().toISOString(),
      dialect: db.dialect,
      migrations: await appliedMigrations(manager),
    };
    await write(header);
    const rows: Record<string, number> = {};
    for (const table of BACKUP_TABLES) {
      let count = 0;
      for await (const row of rowsOf(manager, table)) {
        await write({ table: table.name, row });
        count++;
      }
      rows[table.name] = count;
    }
    const trailer: BackupTrailer = { end: true, rows, sha256: digest.digest('hex') };
    await write(trailer, false);
    lines.end();
    await written;
    await rename(partial, file);
    return trailer;
  } finally {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    await runner.release();
  }
}
