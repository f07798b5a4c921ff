import { createHash } from 'node:crypto';
import { createConnection } from 'mysql2/promise';
import { DataSource, type EntityManager } from 'typeorm';

import type { StorageConfig } from '../../../common/config';
import type { SubgraphDatabase } from '../../../common/database/database';
import { SnakeNamingStrategy } from '../../../common/database/naming-strategy';
import { databaseName } from '../../../common/subgraph-catalog';
import { AccessLogRecord } from '../../database/entities/access-log-record';
import { AccessLog, HEAD_SQL, type ChainHead, type ChainLock } from './access-log';

export interface AccessLogSettings {
  /** The writer's own connection (a user with INSERT and SELECT on access_log only); unset = created here from DATABASE_URL. */
  writerUrl?: string;
  /** Password of the writer user created here (development). */
  writerPassword: string;
}

/**
 * The writer account of one deployment, named from its database prefix (govgraph_ → govgraph_log_writer),
 * so that two stacks on one database server never share (or reset) each other's account. Names longer
 * than MySQL's 32 characters are shortened with a hash of the prefix.
 */
export function logWriterName(databasePrefix: string): string {
  const name = `${databasePrefix}log_writer`;
  return name.length <= 32
    ? name
    : `govgraph_lw_${createHash('sha256').update(databasePrefix).digest('hex').slice(0, 12)}`;
}
const LOCK_TIMEOUT_S = 10;

/** In one process (the embedded SQLite file has one writer): a promise chain. */
function processLock(manager: EntityManager): ChainLock {
  let tail: Promise<unknown> = Promise.resolve();
  const locked = async (work: Parameters<ChainLock['run']>[0]) => {
    const [head] = (await manager.query(HEAD_SQL)) as ChainHead[];
    await work({
      head,
      insert: async (sql, values) => {
        await manager.query(sql, values);
      },
    });
  };
  return {
    run(work) {
      const result = tail.then(() => locked(work));
      tail = result.catch(() => undefined);
      return result;
    },
  };
}

/**
 * Across gateway instances: a MySQL named lock held on one connection while the writer appends. Taking
 * the lock and reading the head is one round trip, and so is the last insert with giving the lock back
 * (multi-statement queries): every sensitive read waits for these.
 */
function namedLock(dataSource: DataSource, name: string): ChainLock {
  return {
    async run(work) {
      const runner = dataSource.createQueryRunner();
      await runner.connect();
      let held = false;
      try {
        const [[lock], heads] = (await runner.query(`SELECT GET_LOCK(?, ?) AS got; ${HEAD_SQL}`, [
          name,
          LOCK_TIMEOUT_S,
        ])) as [Array<{ got: number | null }>, ChainHead[]];
        if (Number(lock?.got) !== 1) throw new Error('access log chain lock not acquired');
        held = true;
        await work({
          head: heads[0],
          insert: async (sql, values, last) => {
            if (!last) return void (await runner.query(sql, values));
            await runner.query(`${sql}; SELECT RELEASE_LOCK(?)`, [...values, name]);
            held = false;
          },
        });
      } finally {
        // An insert failed (a multi-statement query stops at its first error), or the writer stopped early.
        if (held) await runner.query('SELECT RELEASE_LOCK(?)', [name]).catch(() => undefined);
        await runner.release();
      }
    },
  };
}

/**
 * The insert-and-select-only writer account (development and single-machine stacks; in production the
 * DBA creates it and sets ACCESS_LOG_DATABASE_URL). It is created for the host the gateway connects
 * from, as the server sees it (never '%'), and an account that already exists is never altered: if the
 * configured password does not open it, the start is refused with the reason.
 */
async function ensureWriter(
  adminUrl: string,
  databasePrefix: string,
  database: string,
  password: string,
): Promise<string> {
  const writer = logWriterName(databasePrefix);
  const admin = await createConnection({ uri: adminUrl });
  let host: string;
  try {
    const [[me]] = (await admin.query(`SELECT SUBSTRING_INDEX(USER(), '@', -1) AS host`)) as unknown as [
      Array<{ host: string }>,
    ];
    host = me!.host;
    const [[known]] = (await admin.query('SELECT COUNT(*) AS n FROM mysql.user WHERE User = ? AND Host = ?', [
      writer,
      host,
    ])) as unknown as [Array<{ n: number }>];
    if (!Number(known!.n)) await admin.query('CREATE USER ?@? IDENTIFIED BY ?', [writer, host, password]);
    await admin.query(`GRANT SELECT, INSERT ON \`${database}\`.\`access_log\` TO ?@?`, [writer, host]);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.username = writer;
  url.password = encodeURIComponent(password);
  url.pathname = `/${database}`;
  try {
    await (await createConnection({ uri: url.toString() })).end();
  } catch (error) {
    if ((error as { code?: string }).code !== 'ER_ACCESS_DENIED_ERROR') throw error;
    throw new Error(
      `the access log writer account '${writer}'@'${host}' exists with another password: set ACCESS_LOG_WRITER_PASSWORD to its password, or ACCESS_LOG_DATABASE_URL to an account your DBA made (it is never changed here)`,
    );
  }
  return url.toString();
}

/**
 * The access log over the gateway's database. On MySQL it writes through its own user, which may
 * insert and select but never update or delete, so even the gateway cannot rewrite history.
 */
export async function openAccessLog(
  gatewayDb: SubgraphDatabase,
  storage: StorageConfig,
  settings: AccessLogSettings,
): Promise<AccessLog & { close(): Promise<void> }> {
  if (gatewayDb.dialect === 'sqlite') {
    const log = new AccessLog(processLock(gatewayDb.dataSource.manager), () => gatewayDb.persist());
    return Object.assign(log, { close: async () => {} });
  }
  const database = databaseName(storage.databasePrefix, 'gateway');
  const url =
    settings.writerUrl ??
    (await ensureWriter(storage.databaseUrl!, storage.databasePrefix, database, settings.writerPassword));
  const flavour = gatewayDb.dataSource.options.type === 'mariadb' ? 'mariadb' : 'mysql';
  // multipleStatements: the chain lock's round trips (namedLock); every value is still a bound parameter.
  const writer = new DataSource({
    type: flavour,
    url,
    entities: [AccessLogRecord],
    namingStrategy: new SnakeNamingStrategy(),
    poolSize: 4,
    multipleStatements: true,
  });
  await writer.initialize();
  const log = new AccessLog(namedLock(writer, `${database}.access_log`));
  return Object.assign(log, { close: () => writer.destroy() });
}
