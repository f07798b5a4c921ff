/**
 * `npm run backup -- [--out FILE]`: the gateway's own data (compositions, registry events, cross-region
 * grants, the access log with its checkpoints) to one gzipped file, from the database DATABASE_URL and
 * DATABASE_PREFIX (or DATA_DIR, embedded) name. Safe while gateways run. `npm run restore` reads it back.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Command } from 'commander';

import { exitWithError } from '../../common/cli';
import { loadStorageConfig } from '../../common/config';
import { backupGatewayDatabase } from '../database/backup/backup-gateway-database';
import { openGatewayDatabase } from '../database/gateway-database';

async function main(): Promise<void> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const options = new Command('backup')
    .option('--out <file>', 'where to write it', `backups/gateway-${stamp}.jsonl.gz`)
    .parse()
    .opts<{ out: string }>();
  const file = resolve(options.out);
  mkdirSync(dirname(file), { recursive: true });
  const db = await openGatewayDatabase(loadStorageConfig());
  try {
    const { rows, sha256 } = await backupGatewayDatabase(db, file);
    const counts = Object.entries(rows).map(([table, n]) => `${table} ${n}`);
    process.stdout.write(`backup written: ${file}\n  rows: ${counts.join(', ')}\n  sha256 of its lines: ${sha256}\n`);
  } finally {
    await db.close();
  }
}

main().catch(exitWithError('backup failed'));
