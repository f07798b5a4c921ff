import type { SubgraphDatabase } from '../../common/database/database';
import { verifyChain } from '../request/access-log/chain';
import { recordsInOrder } from '../request/access-log/records-in-order';

/**
 * Walks the access log's hash chain and prints the verdict (`npm run audit -- verify`, and `npm run
 * restore` after writing): the first bad record (exit code 1), or the record count and the chain head.
 */
export async function reportChain(db: SubgraphDatabase, checkpointSecret: string, prefix = ''): Promise<void> {
  const report = await verifyChain(recordsInOrder(db.dataSource), checkpointSecret);
  if (report.firstBreak) {
    const b = report.firstBreak;
    process.stdout.write(`${prefix}BROKEN at record id ${b.id} (seq ${b.seq}): ${b.problem}: ${b.detail}\n`);
    process.exitCode = 1;
    return;
  }
  const purged = report.startsAt > 1 ? `, seq 1-${report.startsAt - 1} purged behind a signed checkpoint` : '';
  process.stdout.write(
    `${prefix}ok: ${report.records} records${purged}, head seq ${report.head.seq} hash ${report.head.hash}\n`,
  );
}
