/**
 * `npm run audit -- verify`: walks the access log's hash chain and names the first modified, deleted or
 * reordered record, or forged checkpoint (exit 1), or prints the chain head. `npm run audit -- query
 * [--user U] [--field Type.field] [--entity ID] [--from ISO] [--to ISO]`: matching records, newest
 * first, as JSON lines. `npm run audit -- purge [--by NAME]`: deletes records older than
 * ACCESS_LOG_RETENTION_DAYS behind a signed checkpoint.
 */
import { userInfo } from 'node:os';
import { Command } from 'commander';

import { exitWithError, integerOption } from '../../common/cli';
import { loadStorageConfig } from '../../common/config';
import { loadAccessConfig } from '../config/access-config';
import { openGatewayDatabase } from '../database/gateway-database';
import { openAccessLog } from '../request/access-log/open-access-log';
import { decodeRecord, queryAccessLog } from '../request/access-log/query-log';
import { purgeAccessLog } from '../request/access-log/retention';
import { reportChain } from './chain-report';

async function main(): Promise<void> {
  const program = new Command('audit');
  const storage = loadStorageConfig();
  const access = loadAccessConfig();
  const open = () => openGatewayDatabase(storage);
  program
    .command('verify')
    .description('check the access log hash chain')
    .action(async () => {
      const db = await open();
      try {
        await reportChain(db, access.accessLog.checkpointSecret);
      } finally {
        await db.close();
      }
    });
  program
    .command('query')
    .description('list access-log records, newest first')
    .option('--user <name>')
    .option('--field <Type.field>')
    .option('--entity <id>')
    .option('--from <iso time>')
    .option('--to <iso time>')
    .option('--limit <n>', 'at most this many', integerOption(1, 10_000, 'a limit'), 100)
    .action(
      async (opts: { user?: string; field?: string; entity?: string; from?: string; to?: string; limit: number }) => {
        const db = await open();
        try {
          for (const r of await queryAccessLog(db.dataSource, opts)) {
            const { operationName, ...record } = decodeRecord(r);
            process.stdout.write(`${JSON.stringify({ ...record, operation: operationName })}\n`);
          }
        } finally {
          await db.close();
        }
      },
    );
  program
    .command('purge')
    .description(
      `delete records older than ACCESS_LOG_RETENTION_DAYS (now ${access.accessLog.retentionDays}) behind a signed checkpoint`,
    )
    .option('--by <name>', 'who purges (recorded in the checkpoint)', userInfo().username)
    .action(async (opts: { by: string }) => {
      const db = await open();
      const log = await openAccessLog(db, storage, access.accessLog);
      try {
        const olderThan = new Date(Date.now() - access.accessLog.retentionDays * 86_400_000);
        const result = await purgeAccessLog(db, log, {
          olderThan,
          by: opts.by,
          checkpointSecret: access.accessLog.checkpointSecret,
        });
        process.stdout.write(
          result.checkpoint
            ? `purged ${result.purged} records (seq ${result.checkpoint.fromSeq}-${result.checkpoint.throughSeq}) older than ${olderThan.toISOString()}; checkpoint written\n`
            : `nothing older than ${olderThan.toISOString()}\n`,
        );
      } finally {
        await log.close();
        await db.close();
      }
    });
  await program.parseAsync();
}

main().catch(exitWithError('audit'));
