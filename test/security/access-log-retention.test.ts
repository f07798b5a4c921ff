import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import type { StorageConfig } from '../../common/config';
import type { SubgraphDatabase } from '../../common/database/database';
import { AccessLogRecord } from '../../gateway/database/entities/access-log-record';
import { openGatewayDatabase } from '../../gateway/database/gateway-database';
import type { AccessLogEntry } from '../../gateway/request/access-log/access-log';
import { recordHash } from '../../gateway/request/access-log/chain';
import { openAccessLog } from '../../gateway/request/access-log/open-access-log';
import { embeddedStorage, mysqlStorage, TEST_MYSQL_URL, TEST_PREFIX } from '../support/env';
import { SqlOracle } from '../support/mysql';

const run = promisify(execFile);
const root = path.join(__dirname, '..', '..');
const DAY = 86_400_000;
const WRITER_PASSWORD = 'test-log-writer-password';

const entry = (user: string, daysAgo: number): AccessLogEntry => ({
  at: new Date(Date.now() - daysAgo * DAY).toISOString(),
  user,
  roles: ['auditor'],
  clearance: 'RESTRICTED',
  region: '320100',
  purpose: 'SJ-2026-0001; retention test',
  operationName: 'Q',
  operationHash: 'a'.repeat(64),
  reads: [{ coordinate: 'Person.idNumber', level: 'RESTRICTED', decision: 'allowed' }],
  entities: { 'Person.idNumber': ['0'.repeat(32)] },
});

/**
 * Retention on both stores: `npm run audit -- purge` deletes records older than the retention period
 * from the start of the chain behind a signed checkpoint; `verify` still passes, and still catches a
 * record deleted after the purge, a checkpoint that lies, and a purge without a checkpoint.
 */
describe.each([
  [
    'MariaDB',
    () => ({
      storage: { ...mysqlStorage, databasePrefix: 'govgraph_test_retention_' },
      env: { DATABASE_URL: TEST_MYSQL_URL, DATABASE_PREFIX: 'govgraph_test_retention_' },
    }),
  ],
  [
    'embedded SQLite',
    () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govgraph-retention-'));
      return { storage: embeddedStorage(dir), env: { DATABASE_URL: '', DATA_DIR: dir, DATABASE_PREFIX: TEST_PREFIX } };
    },
  ],
] as const)('security: access-log retention (%s)', (_name, where) => {
  const { storage, env } = where() as { storage: StorageConfig; env: Record<string, string> };
  let db: SubgraphDatabase;

  const audit = async (...args: string[]) => {
    try {
      const { stdout } = await run(process.execPath, ['scripts/run.js', 'gateway/cli/audit', ...args], {
        cwd: root,
        env: { ...process.env, ...env, ACCESS_LOG_WRITER_PASSWORD: WRITER_PASSWORD },
      });
      return { code: 0, stdout };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout + e.stderr };
    }
  };
  /** Reopens the store (the CLI wrote to it from another process; the SQLite file is read at open). */
  const reopen = async () => {
    await db?.close();
    db = await openGatewayDatabase(storage);
    return db.dataSource.getRepository(AccessLogRecord);
  };

  beforeAll(async () => {
    if (storage.databaseUrl) {
      const sql = new SqlOracle();
      await sql.rows('DROP DATABASE IF EXISTS govgraph_test_retention_gateway');
      await sql[Symbol.asyncDispose]();
    }
    db = await openGatewayDatabase(storage);
    const log = await openAccessLog(db, storage, { writerPassword: WRITER_PASSWORD });
    for (const daysAgo of [400, 300, 200, 190, 10, 1]) await log.append(entry(`user.${daysAgo}`, daysAgo));
    await log.close();
    await db.close();
  }, 60_000);
  afterAll(() => db?.close());

  it('purges what is older than the retention period behind a signed checkpoint; the chain still verifies', async () => {
    expect((await audit('verify')).stdout).toMatch(/^ok: 6 records, head seq 6/m);
    const purge = await audit('purge', '--by', 'records.officer');
    expect(purge.stdout).toMatch(/purged 4 records \(seq 1-4\)/);
    const repository = await reopen();
    const left = await repository.find({ order: { seq: 'ASC' } });
    expect(left.map((r) => [r.seq, r.kind, r.userName])).toEqual([
      [5, 'read', 'user.10'],
      [6, 'read', 'user.1'],
      [7, 'checkpoint', 'records.officer'],
    ]);
    expect(JSON.parse(left[2]!.reads)).toMatchObject({ fromSeq: 1, throughSeq: 4, records: 4 });
    expect((await audit('verify')).stdout).toMatch(
      /^ok: 3 records, seq 1-4 purged behind a signed checkpoint, head seq 7/m,
    );
    // nothing more is old enough: a second purge changes nothing
    expect((await audit('purge')).stdout).toMatch(/^nothing older than/m);
  }, 60_000);

  it('verify still catches a record deleted after the purge, and a checkpoint rewritten to cover it', async () => {
    let repository = await reopen();
    const [first] = await repository.find({ order: { seq: 'ASC' }, take: 1 });
    await repository.delete({ id: first!.id });
    await db.persist();
    const deleted = await audit('verify');
    expect(deleted.code).toBe(1);
    expect(deleted.stdout).toMatch(
      /BROKEN at record id \d+ \(seq 6\): deleted or reordered: records before seq 6 are missing and no signed checkpoint states their purge/,
    );

    // the attacker rewrites the checkpoint to cover seq 5 and rehashes it: the signature gives it away
    repository = await reopen();
    const checkpoint = await repository.findOneByOrFail({ kind: 'checkpoint' });
    const statement = { ...JSON.parse(checkpoint.reads), throughSeq: 5, throughHash: first!.hash, records: 5 };
    const forged = { ...checkpoint, reads: JSON.stringify(statement) };
    forged.hash = recordHash(forged);
    await repository.save(forged);
    await db.persist();
    const lied = await audit('verify');
    expect(lied.code).toBe(1);
    expect(lied.stdout).toMatch(/\(seq 7\): forged checkpoint/);

    // a purge refuses to run over a broken chain, so it cannot bury the evidence
    const refused = await audit('purge');
    expect(refused.code).not.toBe(0);
    expect(refused.stdout).toMatch(/chain is broken at seq \d+ .*nothing purged/);
  }, 60_000);
});
