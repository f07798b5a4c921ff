/**
 * `npm run audit -- verify`: walks the access log's hash chain and names the first modified, deleted or
 * reordered record (exit 1), or prints the chain head. `npm run audit -- query [--user U] [--field
 * Type.field] [--entity ID] [--from ISO] [--to ISO]`: matching records, newest first, as JSON lines.
 */
import { Command } from 'commander';
import { exitWithError, integerOption } from '../../common/cli';
import { loadStorageConfig } from '../../common/config';
import { verifyChain } from '../access-log/chain';
import { queryAccessLog } from '../access-log/query-log';
import { AccessLogRecord } from '../history/entities/access-log-record';
import { openGatewayDatabase } from '../history/registry-history';

async function* inOrder(db: Awaited<ReturnType<typeof openGatewayDatabase>>): AsyncGenerator<AccessLogRecord> {
  let after = 0;
  for (;;) {
    const page = await db.dataSource.getRepository(AccessLogRecord).createQueryBuilder('r').where('r.id > :after', { after }).orderBy('r.id', 'ASC').take(5000).getMany();
    yield* page;
    if (page.length < 5000) return;
    after = page.at(-1)!.id;
  }
}

async function main(): Promise<void> {
  const program = new Command('audit');
  const open = () => openGatewayDatabase(loadStorageConfig());
  program.command('verify').description('check the access log hash chain').action(async () => {
    const db = await open();
    try {
      const report = await verifyChain(inOrder(db));
      if (report.firstBreak) {
        const b = report.firstBreak;
        process.stdout.write(`BROKEN at record id ${b.id} (seq ${b.seq}): ${b.problem}: ${b.detail}\n`);
        process.exitCode = 1;
      } else {
        process.stdout.write(`ok: ${report.records} records, head seq ${report.head.seq} hash ${report.head.hash}\n`);
      }
    } finally {
      await db.close();
    }
  });
  program.command('query').description('list access-log records, newest first')
    .option('--user <name>').option('--field <Type.field>').option('--entity <id>').option('--from <iso time>').option('--to <iso time>')
    .option('--limit <n>', 'at most this many', integerOption(1, 10_000, 'a limit'), 100)
    .action(async (opts: { user?: string; field?: string; entity?: string; from?: string; to?: string; limit: number }) => {
      const db = await open();
      try {
        for (const r of await queryAccessLog(db.dataSource, opts)) {
          process.stdout.write(`${JSON.stringify({ id: r.id, seq: r.seq, at: r.at, user: r.userName, roles: JSON.parse(r.roles), clearance: r.clearance, region: r.region, purpose: r.purpose, operation: r.operationName, operationHash: r.operationHash, reads: JSON.parse(r.reads), entities: JSON.parse(r.entities) })}\n`);
        }
      } finally {
        await db.close();
      }
    });
  await program.parseAsync();
}

main().catch(exitWithError('audit'));
