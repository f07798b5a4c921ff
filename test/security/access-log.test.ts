import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createConnection } from 'mysql2/promise';

import type { StorageConfig } from '../../common/config';
import type { SubgraphDatabase } from '../../common/database/database';
import { openGatewayDatabase } from '../../gateway/database/gateway-database';
import { logWriterName, openAccessLog } from '../../gateway/request/access-log/open-access-log';
import { queryAccessLog } from '../../gateway/request/access-log/query-log';
import { caller, INSPECTION_PURPOSE } from '../support/access';
import { mysqlStorage, TEST_MYSQL_URL } from '../support/env';
import { gql, gqlData } from '../support/graphql';
import { SqlOracle } from '../support/mysql';
import { startTestStack, type TestStack } from '../support/stack';
import { TcpProxy } from '../support/tcp-proxy';

const run = promisify(execFile);
const root = join(__dirname, '..', '..');
const PREFIX = 'govgraph_test_log_';
const DB = `${PREFIX}gateway`;
const storage: StorageConfig = { ...mysqlStorage, databasePrefix: PREFIX };
const WRITER_PASSWORD = 'test-log-writer-password';

interface Row {
  id: number;
  seq: number;
  user_name: string;
  purpose: string | null;
  reads: string;
  entities: string;
}

/**
 * The access log on MariaDB: a hash-chained record of every sensitive read and every denial, written by
 * a user that may only insert and select; `npm run audit -- verify` names the first tampered record;
 * and when the log cannot be written, no SENSITIVE or RESTRICTED value leaves the gateway.
 */
describe('security: access log', () => {
  const sql = new SqlOracle();
  let gatewayDb: SubgraphDatabase;
  let log: Awaited<ReturnType<typeof openAccessLog>>;
  let stack: TestStack;

  const audit = async (...args: string[]) => {
    try {
      const { stdout } = await run(process.execPath, ['scripts/run.js', 'gateway/cli/audit', ...args], {
        cwd: root,
        env: { ...process.env, DATABASE_URL: TEST_MYSQL_URL, DATABASE_PREFIX: PREFIX },
      });
      return { code: 0, stdout };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout + e.stderr };
    }
  };
  const records = () =>
    sql.rows<Row>(`SELECT id, seq, user_name, purpose, \`reads\`, entities FROM ${DB}.access_log ORDER BY id`);

  beforeAll(async () => {
    await sql.rows(`DROP DATABASE IF EXISTS ${DB}`);
    gatewayDb = await openGatewayDatabase(storage);
    log = await openAccessLog(gatewayDb, storage, { writerPassword: WRITER_PASSWORD });
    stack = await startTestStack(mysqlStorage, { stores: { database: gatewayDb, log } });
  }, 60_000);
  afterAll(async () => {
    await stack?.[Symbol.asyncDispose]();
    await log?.close();
    await gatewayDb?.close();
    await sql[Symbol.asyncDispose]();
  });

  it('records a RESTRICTED read with the user, purpose, decisions and the ids of the entities returned', async () => {
    const data = await gqlData(
      stack.supervisor,
      `query Roll { people(first: 4) { nodes { personKey name idNumber } } }`,
    );
    const keys = data.people.nodes.map((p: any) => p.personKey).sort();
    const [last] = (await records()).slice(-1);
    expect(last!.user_name).toBe('test.supervisor');
    expect(last!.purpose).toBe(INSPECTION_PURPOSE);
    expect(JSON.parse(last!.reads)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ coordinate: 'Person.idNumber', level: 'RESTRICTED', decision: 'allowed' }),
        expect.objectContaining({ coordinate: 'Person.name', level: 'SENSITIVE', decision: 'allowed' }),
      ]),
    );
    expect(JSON.parse(last!.entities)['Person.idNumber'].sort()).toEqual(keys);
    // "Who read this person's record": the transparency query finds this read.
    const readers = await queryAccessLog(gatewayDb.dataSource, { entity: keys[0] });
    expect(readers.map((r) => r.userName)).toContain('test.supervisor');
    expect(
      (await queryAccessLog(gatewayDb.dataSource, { field: 'Person.idNumber', user: 'test.supervisor' })).length,
    ).toBeGreaterThan(0);
  });

  it('records denials; a query of PUBLIC fields only writes nothing', async () => {
    const before = (await records()).length;
    await gql(stack.gatewayUrl, `{ orgs(first: 1) { nodes { name } } }`);
    expect((await records()).length).toBe(before);
    await gql(stack.gatewayUrl, `{ people(first: 1) { totalCount } }`);
    const after = await records();
    expect(after.length).toBe(before + 1);
    expect(after.at(-1)!.user_name).toBe('anonymous');
    expect(JSON.parse(after.at(-1)!.reads)).toEqual([
      expect.objectContaining({ coordinate: 'Query.people', decision: 'denied', code: 'FORBIDDEN_FIELD' }),
    ]);
  });

  it('the writer may insert and select, never update or delete', async () => {
    const writer = await createConnection({
      uri: `mysql://${logWriterName(PREFIX)}:${WRITER_PASSWORD}@127.0.0.1:3306/${DB}`,
    });
    try {
      await expect(writer.query(`UPDATE access_log SET user_name = 'nobody'`)).rejects.toThrow(/denied/i);
      await expect(writer.query(`DELETE FROM access_log`)).rejects.toThrow(/denied/i);
      const [rows] = await writer.query(`SELECT COUNT(*) n FROM access_log`);
      expect(Number((rows as Array<{ n: number }>)[0]!.n)).toBeGreaterThan(0);
    } finally {
      await writer.end();
    }
  });

  it("the writer account is this deployment's, for the gateway's own host, and an existing one is never altered", async () => {
    const admin = await createConnection({ uri: TEST_MYSQL_URL });
    try {
      const [[me]] = (await admin.query(`SELECT SUBSTRING_INDEX(USER(), '@', -1) AS host`)) as any;
      const [accounts] = (await admin.query('SELECT Host AS host FROM mysql.user WHERE User = ?', [
        logWriterName(PREFIX),
      ])) as any;
      expect(accounts).toEqual([{ host: me.host }]);
      expect(me.host).not.toBe('%');
      expect(logWriterName(PREFIX)).not.toBe(logWriterName('govgraph_'));
    } finally {
      await admin.end();
    }
    await expect(openAccessLog(gatewayDb, storage, { writerPassword: 'another-password-entirely' })).rejects.toThrow(
      /exists with another password: set ACCESS_LOG_WRITER_PASSWORD/,
    );
    // still the account it was: its own password opens it
    const writer = await createConnection({
      uri: `mysql://${logWriterName(PREFIX)}:${WRITER_PASSWORD}@127.0.0.1:3306/${DB}`,
    });
    await writer.end();
  });

  it('npm run audit -- verify detects a modified, a deleted and a reordered record, naming the first bad one', async () => {
    for (let i = 0; i < 4; i++) await gqlData(stack.supervisor, `{ people(first: 1) { nodes { name } } }`);
    expect((await audit('verify')).stdout).toMatch(/^ok: \d+ records, head seq \d+/m);
    const rows = await records();
    const victim = rows[1]!;
    await sql.rows(`UPDATE ${DB}.access_log SET user_name = 'someone-else' WHERE id = ?`, [victim.id]);
    const modified = await audit('verify');
    expect(modified.code).toBe(1);
    expect(modified.stdout).toMatch(new RegExp(`BROKEN at record id ${victim.id} \\(seq ${victim.seq}\\): modified`));
    await sql.rows(`UPDATE ${DB}.access_log SET user_name = ? WHERE id = ?`, [victim.user_name, victim.id]);
    expect((await audit('verify')).code).toBe(0);
    // a grant written into a record that had none (to explain away a cross-region read) is a modification too
    await sql.rows(`UPDATE ${DB}.access_log SET grants = '[7]' WHERE id = ?`, [victim.id]);
    expect((await audit('verify')).stdout).toMatch(
      new RegExp(`BROKEN at record id ${victim.id} \\(seq ${victim.seq}\\): modified`),
    );
    await sql.rows(`UPDATE ${DB}.access_log SET grants = NULL WHERE id = ?`, [victim.id]);
    expect((await audit('verify')).code).toBe(0);

    const [saved] = await sql.rows<Record<string, unknown>>(`SELECT * FROM ${DB}.access_log WHERE id = ?`, [
      rows[2]!.id,
    ]);
    await sql.rows(`DELETE FROM ${DB}.access_log WHERE id = ?`, [rows[2]!.id]);
    const deleted = await audit('verify');
    expect(deleted.code).toBe(1);
    expect(deleted.stdout).toMatch(
      new RegExp(`BROKEN at record id ${rows[3]!.id} \\(seq ${rows[3]!.seq}\\): deleted or reordered`),
    );
    await sql.rows(`INSERT INTO ${DB}.access_log SET ?`, [saved]);
    expect((await audit('verify')).code).toBe(0);

    // Reordered: two records swap places (their ids), each keeping its own content.
    const [a, b] = [rows[2]!.id, rows[3]!.id];
    await sql.rows(`UPDATE ${DB}.access_log SET id = 0 - id WHERE id IN (?, ?)`, [a, b]);
    await sql.rows(`UPDATE ${DB}.access_log SET id = CASE id WHEN ? THEN ? ELSE ? END WHERE id IN (?, ?)`, [
      -a,
      b,
      a,
      -a,
      -b,
    ]);
    const reordered = await audit('verify');
    expect(reordered.code).toBe(1);
    expect(reordered.stdout).toMatch(
      new RegExp(`BROKEN at record id ${a} \\(seq ${rows[3]!.seq}\\): deleted or reordered`),
    );
    await sql.rows(`UPDATE ${DB}.access_log SET id = 0 - id WHERE id IN (?, ?)`, [a, b]);
    await sql.rows(`UPDATE ${DB}.access_log SET id = CASE id WHEN ? THEN ? ELSE ? END WHERE id IN (?, ?)`, [
      -a,
      b,
      a,
      -a,
      -b,
    ]);
    expect((await audit('verify')).code).toBe(0);
  }, 60_000);

  it('two gateway instances writing at once under load keep one unbroken chain', async () => {
    const other = await openAccessLog(gatewayDb, storage, { writerPassword: WRITER_PASSWORD });
    try {
      const count = async () =>
        Number((await sql.rows<{ n: number }>(`SELECT COUNT(*) n FROM ${DB}.access_log`))[0]!.n);
      const before = await count();
      const entry = (user: string, i: number) => ({
        at: new Date().toISOString(),
        user,
        roles: ['supervisor'],
        clearance: 'RESTRICTED',
        region: '320000',
        purpose: null,
        operationName: null,
        operationHash: 'f'.repeat(64),
        reads: [{ coordinate: 'Person.name', level: 'SENSITIVE', decision: 'allowed' }],
        entities: { n: [String(i)] },
      });
      // 16 callers per instance, each appending as requests do: batches on both sides, the lock held across batches.
      const writers = (instance: typeof log, user: string) =>
        Promise.all(
          Array.from({ length: 16 }, async (_, w) => {
            for (let i = 0; i < 25; i++) await instance.append(entry(user, w * 25 + i));
          }),
        );
      await Promise.all([writers(log, 'instance.a'), writers(other, 'instance.b')]);
      const after = await count();
      expect(after - before).toBe(800);
      const [mixed] = await sql.rows<{ users: number }>(
        `SELECT COUNT(DISTINCT user_name) users FROM ${DB}.access_log WHERE user_name LIKE 'instance.%'`,
      );
      expect(Number(mixed!.users)).toBe(2);
      expect((await audit('verify')).stdout).toMatch(new RegExp(`^ok: ${after} records`, 'm'));
    } finally {
      await other.close();
    }
  }, 60_000);

  it('fails closed: with the log unreachable, SENSITIVE and RESTRICTED values are withheld, the rest answers', async () => {
    const proxy = await new TcpProxy({ host: '127.0.0.1', port: 3306 }).open();
    const cutLog = await openAccessLog(gatewayDb, storage, {
      writerUrl: `mysql://${logWriterName(PREFIX)}:${WRITER_PASSWORD}@127.0.0.1:${proxy.port}/${DB}`,
      writerPassword: WRITER_PASSWORD,
    });
    const cut = await startTestStack(mysqlStorage, { stores: { database: gatewayDb, log: cutLog } });
    try {
      const token = await cut.realm.mint({ user: 'cut.supervisor', roles: ['supervisor'], region: '320000' });
      const ok = await gqlData(
        caller(cut.gatewayUrl, token, INSPECTION_PURPOSE),
        `{ people(first: 1) { nodes { name } } }`,
      );
      expect(ok.people.nodes[0].name).toEqual(expect.any(String));
      await proxy.cut();
      const answer = await gql(
        caller(cut.gatewayUrl, token, INSPECTION_PURPOSE),
        `{ orgs(first: 1) { nodes { name } } people(first: 2) { nodes { personKey name idNumber } } }`,
      );
      expect(answer.data?.orgs.nodes[0].name).toEqual(expect.any(String));
      expect(answer.data?.people.nodes.map((p: any) => [typeof p.personKey, p.name, p.idNumber])).toEqual([
        ['string', null, null],
        ['string', null, null],
      ]);
      expect(answer.errors?.map((e) => e.message)).toEqual(
        expect.arrayContaining([expect.stringMatching(/Person\.idNumber withheld: the access log cannot be written/)]),
      );
      expect(answer.errors?.every((e) => e.extensions?.code === 'FORBIDDEN_FIELD')).toBe(true);
    } finally {
      await cut[Symbol.asyncDispose]();
      await cutLog.close().catch(() => undefined);
      await proxy[Symbol.asyncDispose]();
    }
  }, 60_000);
});
