import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync, gzipSync } from 'node:zlib';

import type { StorageConfig } from '../../common/config';
import type { RunningServer } from '../../common/http-server';
import { projectRoot } from '../../common/paths';
import { RegistryHistory } from '../../gateway/control/history/registry-history';
import { RedisRegistryStore } from '../../gateway/control/registry/redis-store';
import { createGateway, type RegistryGateway } from '../../gateway/create-gateway';
import { openGatewayDatabase } from '../../gateway/database/gateway-database';
import { openAccessLog } from '../../gateway/request/access-log/open-access-log';
import { DEFAULT_CALL_POLICY } from '../../gateway/request/resilience/call-policy';
import type { StartedSubgraph } from '../../subgraphs/common/run-subgraph';
import { startPartnerSubgraph } from '../../subgraphs/partner-example/housing-subgraph';
import {
  caller,
  INSPECTION_PURPOSE,
  startTestRealm,
  TEST_CHECKPOINT_SECRET,
  testAccess,
  type TestRealm,
} from '../support/access';
import { mysqlStorage, TEST_MYSQL_URL, TEST_PREFIX } from '../support/env';
import { gqlData } from '../support/graphql';
import { SqlOracle } from '../support/mysql';
import { dropPrefix, TEST_REDIS_URL, testPrefix } from '../support/redis';
import { shippedSpecs, startSubgraphs } from '../support/stack';

const run = promisify(execFile);
const storageAt = (name: string): StorageConfig => ({ ...mysqlStorage, databasePrefix: `${TEST_PREFIX}bk${name}_` });
const SOURCE = storageAt('src');
const TARGET = storageAt('dst');
const DAMAGED = storageAt('bad');
const gatewayDbOf = (storage: StorageConfig) => `${storage.databasePrefix}gateway`;
const TABLES = { composition_version: 'version', registry_event: 'id', region_grant: 'id', access_log: 'id' };

const ROUND_TRIP = storageAt('rt');
/** Where a CLI finds the database: MariaDB under a prefix, or the embedded SQLite files in a folder. */
type Where = StorageConfig | { dataDir: string };
const envOf = (where: Where) =>
  'databasePrefix' in where
    ? { DATABASE_URL: TEST_MYSQL_URL, DATABASE_PREFIX: where.databasePrefix }
    : { DATABASE_URL: '', DATA_DIR: where.dataDir };

/** One of the gateway's CLIs (backup, restore, audit) as an operator runs it, against a database. */
async function cli(name: string, where: Where, ...args: string[]) {
  try {
    const { stdout } = await run(process.execPath, ['scripts/run.js', `gateway/cli/${name}`, ...args], {
      cwd: projectRoot,
      env: { ...process.env, ...envOf(where), ACCESS_LOG_CHECKPOINT_SECRET: TEST_CHECKPOINT_SECRET },
    });
    return { code: 0, out: stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: `${e.stdout}${e.stderr}` };
  }
}

/**
 * `npm run backup` and `npm run restore`: the gateway's own data (registry history, compositions,
 * grants, the access log) onto an empty database, row for row (checked by plain SQL on both), the
 * chain verifying after, and the registry serving the same composition from the restored history.
 */
describe('backup and restore of the gateway database (MariaDB)', () => {
  const sql = new SqlOracle();
  const redisPrefixes = [testPrefix(), testPrefix()];
  const folder = mkdtempSync(join(tmpdir(), 'govgraph-backup-'));
  const backupFile = join(folder, 'gateway.jsonl.gz');
  let staffing: StartedSubgraph;
  let partner: RunningServer;
  let realm: TestRealm;

  /** A gateway over the registry whose history is in `storage`, its registry state under a Redis prefix. */
  const start = async (storage: StorageConfig, redisPrefix: string) => {
    const database = await openGatewayDatabase(storage);
    const log = await openAccessLog(database, storage, { writerPassword: 'test-log-writer-password' });
    const gateway: RegistryGateway = await createGateway({
      source: {
        registry: {
          store: await RedisRegistryStore.connect(TEST_REDIS_URL, redisPrefix),
          history: await RegistryHistory.open(storage),
          allowedHosts: ['127.0.0.1'],
          adminTokens: '',
          bootstrap: () => shippedSpecs({ staffing }),
        },
      },
      calls: DEFAULT_CALL_POLICY,
      access: await testAccess(realm, {}, undefined, { database, log }),
      host: '127.0.0.1',
      port: 0,
    });
    return {
      gateway,
      close: async () => {
        await gateway.close();
        await log.close();
        await database.close();
      },
    };
  };
  const rowsOf = async (storage: StorageConfig) =>
    Object.fromEntries(
      await Promise.all(
        Object.entries(TABLES).map(async ([table, key]) => [
          table,
          await sql.rows(`SELECT * FROM ${gatewayDbOf(storage)}.${table} ORDER BY ${key}`),
        ]),
      ),
    ) as Record<string, unknown[]>;
  const liveComposition = async (gateway: RegistryGateway) => {
    const admin = await realm.mint({ user: 'backup.admin', roles: ['registry-admin'], region: '320000' });
    const answer = await gqlData(
      { url: gateway.url.replace(/\/graphql$/, '/admin/graphql'), headers: { authorization: `Bearer ${admin}` } },
      '{ liveComposition { version supergraphSdl subgraphs { name revision } } }',
    );
    return answer['liveComposition'];
  };

  beforeAll(async () => {
    for (const storage of [SOURCE, TARGET, DAMAGED, ROUND_TRIP])
      await sql.rows(`DROP DATABASE IF EXISTS ${gatewayDbOf(storage)}`);
    staffing = (await startSubgraphs(mysqlStorage, ['staffing']))['staffing']!;
    partner = await startPartnerSubgraph();
    realm = await startTestRealm();
  }, 60_000);
  afterAll(async () => {
    await Promise.all([partner?.close(), realm?.close(), staffing?.close()]);
    for (const prefix of redisPrefixes) await dropPrefix(prefix);
    await sql[Symbol.asyncDispose]();
  });

  it('restores onto an empty database the same rows; the chain verifies; the registry serves the same composition', async () => {
    const source = await start(SOURCE, redisPrefixes[0]!);
    let served: unknown;
    try {
      const { gateway } = source;
      await gateway.registry.register(
        { name: 'housing', url: partner.url, department: 'housing-bureau', contact: 'x' },
        'alice',
      );
      await gateway.registry.approve('housing', 1, 'bob');
      const supervisor = await realm.mint({ user: 'backup.supervisor', roles: ['supervisor'], region: '320000' });
      for (const first of [2, 3])
        await gqlData(
          caller(gateway.url, supervisor, INSPECTION_PURPOSE),
          `{ people(first: ${first}) { nodes { personKey name idNumber } } }`,
        );
      const granter = await realm.mint({ user: 'backup.granter', roles: ['registry-admin'], region: '320000' });
      await gqlData(
        {
          url: gateway.url.replace(/\/graphql$/, '/governance/graphql'),
          headers: { authorization: `Bearer ${granter}` },
        },
        `mutation { grantCrossRegion(input: { grantee: "x.inspector", regionCode: "320500", caseNumber: "SJ-2026-0042",
          purposeText: "backup test", expiresAt: "${new Date(Date.now() + 86_400_000).toISOString()}" }) { id } }`,
      );
      served = await liveComposition(gateway);
      expect(served).toMatchObject({ version: 2, subgraphs: [{ name: 'housing' }, { name: 'staffing' }] });
    } finally {
      await source.close();
    }
    const before = await rowsOf(SOURCE);
    expect(Object.values(before).map((rows) => rows.length > 0)).toEqual([true, true, true, true]);

    const backedUp = await cli('backup', SOURCE, '--out', backupFile);
    expect([backedUp.code, backedUp.out]).toEqual([0, expect.stringMatching(/backup written: .*access_log \d+/s)]);
    const restored = await cli('restore', TARGET, backupFile);
    expect([restored.code, restored.out]).toEqual([0, expect.stringMatching(/restored: .*\naccess log ok: /s)]);
    expect(await rowsOf(TARGET)).toEqual(before);

    const verified = [await cli('audit', SOURCE, 'verify'), await cli('audit', TARGET, 'verify')];
    expect(verified.map((v) => v.code)).toEqual([0, 0]);
    expect(verified[1]!.out).toBe(verified[0]!.out); // same records, same head hash

    // A gateway on the restored history and an empty registry store serves the composition that was live.
    const target = await start(TARGET, redisPrefixes[1]!);
    try {
      expect(await liveComposition(target.gateway)).toEqual(served);
    } finally {
      await target.close();
    }
  }, 120_000);

  it('refuses, writing nothing, a database that holds data and a damaged file', async () => {
    const rows = await rowsOf(TARGET);
    const again = await cli('restore', TARGET, backupFile);
    expect([again.code, again.out]).toEqual([
      1,
      expect.stringMatching(/restore refused: the target database already holds \d+ rows/),
    ]);
    expect(await rowsOf(TARGET)).toEqual(rows);

    const lines = gunzipSync(readFileSync(backupFile)).toString('utf8');
    const damagedFile = join(folder, 'damaged.jsonl.gz');
    writeFileSync(damagedFile, gzipSync(lines.replace('"backup.supervisor"', '"someone.else"')));
    const damaged = await cli('restore', DAMAGED, damagedFile);
    expect([damaged.code, damaged.out]).toEqual([
      1,
      expect.stringMatching(/restore refused: the backup does not match its own checksum/),
    ]);
    const cut = join(folder, 'cut.jsonl.gz');
    writeFileSync(cut, gzipSync(lines.split('\n').slice(0, -2).join('\n')));
    expect((await cli('restore', DAMAGED, cut)).out).toMatch(/restore refused: the backup ends before its last line/);
    expect(Object.values(await rowsOf(DAMAGED)).map((r) => r.length)).toEqual([0, 0, 0, 0]);
  }, 60_000);

  it('moves through the embedded default and back (MariaDB, then SQLite files, then MariaDB): the same rows, the same chain', async () => {
    const embedded = { dataDir: join(folder, 'embedded') };
    expect((await cli('restore', embedded, backupFile)).out).toMatch(/access log ok: /);
    const fromEmbedded = join(folder, 'from-embedded.jsonl.gz');
    expect((await cli('backup', embedded, '--out', fromEmbedded)).code).toBe(0);
    expect((await cli('restore', ROUND_TRIP, fromEmbedded)).code).toBe(0);
    expect(await rowsOf(ROUND_TRIP)).toEqual(await rowsOf(SOURCE));
    expect((await cli('audit', embedded, 'verify')).out).toBe((await cli('audit', SOURCE, 'verify')).out);
  }, 60_000);
});
