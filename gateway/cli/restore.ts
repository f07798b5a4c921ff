/**
 * `npm run restore -- FILE`: a backup (`npm run backup`) onto an empty gateway database (DATABASE_URL
 * and DATABASE_PREFIX, or DATA_DIR), then the access log's chain verified as `npm run audit -- verify`
 * does. Refused, with nothing written, when the file is damaged or the database already holds data.
 * A gateway started on the restored database with an empty registry store (a new Redis or
 * REDIS_PREFIX) serves the composition that was live, rebuilt from the restored history.
 */
import { Command } from 'commander';

import { exitWithError } from '../../common/cli';
import { loadStorageConfig } from '../../common/config';
import { loadAccessConfig } from '../config/access-config';
import { restoreGatewayDatabase } from '../database/backup/restore-gateway-database';
import { openGatewayDatabase } from '../database/gateway-database';
import { reportChain } from './chain-report';

async function main(): Promise<void> {
  const program = new Command('restore').argument('<file>', 'a backup written by npm run backup').parse();
  const file = program.args[0]!;
  const checkpointSecret = loadAccessConfig().accessLog.checkpointSecret;
  const db = await openGatewayDatabase(loadStorageConfig());
  try {
    const { rows } = await restoreGatewayDatabase(db, file);
    const counts = Object.entries(rows).map(([table, n]) => `${table} ${n}`);
    process.stdout.write(`restored: ${counts.join(', ')}\n`);
    await reportChain(db, checkpointSecret, 'access log ');
  } finally {
    await db.close();
  }
}

main().catch(exitWithError('restore refused'));
