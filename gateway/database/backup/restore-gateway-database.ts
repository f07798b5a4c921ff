import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';

import type { SubgraphDatabase } from '../../../common/database/database';
import { appliedMigrations } from './backup-gateway-database';
import {
  BACKUP_FORMAT,
  BACKUP_TABLES,
  type BackupHeader,
  type BackupRow,
  type BackupTable,
  type BackupTrailer,
} from './backup-tables';

const BATCH = 500;

/** A backup that cannot be restored, or a database it must not be restored onto: nothing was written. */
export class RestoreRefused extends Error {}

/** The file's lines, unzipped. */
async function* linesOf(file: string): AsyncGenerator<string> {
  const input = createReadStream(file).pipe(createGunzip());
  yield* createInterface({ input, crlfDelay: Infinity });
}

function parse(line: string, at: number): unknown {
  try {
    return JSON.parse(line);
  } catch {
    throw new RestoreRefused(`line ${at} of the backup is not JSON: the file is damaged`);
  }
}

/** Reads the whole file once: its header, and whether its rows are all there and unchanged (the trailer's digest). */
async function checkFile(file: string): Promise<{ header: BackupHeader; trailer: BackupTrailer }> {
  const digest = createHash('sha256');
  const counted: Record<string, number> = {};
  let header: BackupHeader | undefined;
  let trailer: BackupTrailer | undefined;
  let at = 0;
  try {
    for await (const line of linesOf(file)) {
      at++;
      if (trailer) throw new RestoreRefused(`line ${at} follows the backup's last line: the file is damaged`);
      const value = parse(line, at) as Partial<BackupHeader & BackupTrailer & BackupRow>;
      if (at === 1) {
        if (value.format !== BACKUP_FORMAT || value.version !== 1)
          throw new RestoreRefused(`not a govgraph gateway backup (version 1): ${file}`);
        header = value as BackupHeader;
      } else if (value.end === true) {
        trailer = value as BackupTrailer;
        continue;
      } else {
        if (!value.table || !BACKUP_TABLES.some((t) => t.name === value.table) || typeof value.row !== 'object')
          throw new RestoreRefused(`line ${at} of the backup is not a row of a gateway table`);
        counted[value.table] = (counted[value.table] ?? 0) + 1;
      }
      digest.update(`${line}\n`);
    }
  } catch (error) {
    if (error instanceof RestoreRefused) throw error;
    throw new RestoreRefused(`the backup cannot be read (${(error as Error).message}): ${file}`);
  }
  if (!header || !trailer) throw new RestoreRefused('the backup ends before its last line: it was cut short');
  if (digest.digest('hex') !== trailer.sha256)
    throw new RestoreRefused('the backup does not match its own checksum: a line was changed, added or removed');
  for (const table of BACKUP_TABLES)
    if ((counted[table.name] ?? 0) !== (trailer.rows[table.name] ?? 0))
      throw new RestoreRefused(
        `the backup holds ${counted[table.name] ?? 0} rows of ${table.name}, not ${trailer.rows[table.name]}`,
      );
  return { header, trailer };
}

/**
 * Restores a backup (backupGatewayDatabase) onto an empty gateway database, in one transaction: the
 * file is checked whole first (checksum, row counts, migrations this database knows), and a database
 * that holds any row of the gateway's tables is refused, so a restore never overwrites or mixes data.
 * Rows keep their ids.
 */
export async function restoreGatewayDatabase(db: SubgraphDatabase, file: string): Promise<BackupTrailer> {
  const { header, trailer } = await checkFile(file);
  const known = new Set(await appliedMigrations(db.dataSource.manager));
  const unknown = header.migrations.filter((m) => !known.has(m));
  if (unknown.length)
    throw new RestoreRefused(
      `the backup was taken by a newer govgraph (migrations ${unknown.join(', ')} are unknown here): restore it with that version`,
    );
  const runner = db.dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction();
    for (const table of BACKUP_TABLES) {
      const held = await runner.manager.getRepository(table.entity).count();
      if (held)
        throw new RestoreRefused(
          `the target database already holds ${held} rows of ${table.name}: restore only onto an empty gateway database (a new DATABASE_PREFIX or DATA_DIR)`,
        );
    }
    let batch: Array<Record<string, unknown>> = [];
    let batchTable: BackupTable | undefined;
    const flush = async () => {
      if (batch.length) await runner.manager.getRepository(batchTable!.entity).insert(batch);
      batch = [];
    };
    let at = 0;
    for await (const line of linesOf(file)) {
      if (++at === 1) continue;
      const value = JSON.parse(line) as Partial<BackupRow & BackupTrailer>;
      if (value.end) break;
      if (batchTable?.name !== value.table) {
        await flush();
        batchTable = BACKUP_TABLES.find((t) => t.name === value.table)!;
      }
      batch.push(value.row!);
      if (batch.length >= BATCH) await flush();
    }
    await flush();
    await runner.commitTransaction();
    await db.persist();
    return trailer;
  } catch (error) {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    throw error;
  } finally {
    await runner.release();
  }
}
