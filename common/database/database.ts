import 'reflect-metadata';

import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { DataSource } from 'typeorm';

import type { StorageConfig } from '../config';
import { databaseName, type DatabaseOwner } from '../subgraph-catalog';
import { SnakeNamingStrategy } from './naming-strategy';
import { StatementCounter } from './statement-counter';

/** Entity classes and migration classes (one list per dialect) of one subgraph's database. */
export interface SubgraphTables {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: Function[];
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: { mysql: Function[]; sqlite: Function[] };
}

export interface SubgraphDatabaseOptions {
  name: DatabaseOwner;
  tables: SubgraphTables;
  storage: StorageConfig;
  /** Connections of the MariaDB pool (default 10): a host of many regional nodes gives each a few. */
  maxConnections?: number;
}

export type Dialect = 'mysql' | 'sqlite';

/** One subgraph's own database: MySQL/MariaDB when DATABASE_URL is set, else an embedded SQLite file. */
export interface SubgraphDatabase extends AsyncDisposable {
  readonly dataSource: DataSource;
  readonly dialect: Dialect;
  readonly statements: StatementCounter;
  /** Embedded only: writes the in-memory database to its file. */
  persist(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Writes a whole file so that a reader, or the next start after a crash (SIGKILL, power loss), finds
 * either the old contents or the new, never half of them: written and flushed beside it, then renamed.
 */
async function replaceFile(file: string, content: Uint8Array): Promise<void> {
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const handle = await open(temporary, 'w', 0o600);
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

export function embeddedFile(storage: StorageConfig, name: DatabaseOwner): string {
  return resolve(storage.dataDir, `${databaseName(storage.databasePrefix, name)}.sqlite`);
}

/** MySQL or MariaDB: TypeORM needs to know, e.g. to read MariaDB's column defaults right. */
export type ServerFlavour = 'mysql' | 'mariadb';

/**
 * Creates the database when missing (the project's own scripts create what they need) and tells
 * which server this is.
 */
export async function ensureMysqlDatabase(url: string, database: string): Promise<ServerFlavour> {
  const connection = await createConnection({ uri: url });
  try {
    await connection.query(
      `CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
    const [rows] = await connection.query('SELECT VERSION() AS version');
    return /mariadb/i.test(String((rows as Array<{ version: string }>)[0]?.version)) ? 'mariadb' : 'mysql';
  } finally {
    await connection.end();
  }
}

export async function openSubgraphDatabase(options: SubgraphDatabaseOptions): Promise<SubgraphDatabase> {
  const { storage, name } = options;
  const statements = new StatementCounter();
  const common = {
    entities: options.tables.entities,
    namingStrategy: new SnakeNamingStrategy(),
    logger: statements,
    logging: ['query', 'error'] as ('query' | 'error')[],
    migrationsRun: true,
    synchronize: false,
  };
  let dataSource: DataSource;
  let dialect: Dialect;
  if (storage.databaseUrl) {
    const database = databaseName(storage.databasePrefix, name);
    const flavour = await ensureMysqlDatabase(storage.databaseUrl, database);
    dialect = 'mysql';
    dataSource = new DataSource({
      ...common,
      type: flavour,
      url: `${storage.databaseUrl.replace(/\/+$/, '')}/${database}`,
      charset: 'utf8mb4_unicode_ci',
      dateStrings: true,
      supportBigNumbers: true,
      timezone: 'Z',
      extra: { connectionLimit: options.maxConnections ?? 10 },
      migrations: options.tables.migrations.mysql,
      migrationsTableName: 'migrations',
    });
  } else {
    mkdirSync(storage.dataDir, { recursive: true });
    dialect = 'sqlite';
    dataSource = new DataSource({
      ...common,
      type: 'sqljs',
      location: embeddedFile(storage, name),
      autoSave: false,
      sqlJsConfig: { locateFile: (file: string) => join(require.resolve('sql.js/dist/sql-wasm.js'), '..', file) },
      migrations: options.tables.migrations.sqlite,
      migrationsTableName: 'migrations',
    });
  }
  await dataSource.initialize();
  statements.reset();
  const db: SubgraphDatabase = {
    dataSource,
    dialect,
    statements,
    async persist() {
      // Not TypeORM's saveDatabase: it overwrites the file in place, so a crash mid-write leaves it corrupt.
      if (dialect === 'sqlite')
        await replaceFile(
          embeddedFile(storage, name),
          (dataSource.driver as unknown as { export(): Uint8Array }).export(),
        );
    },
    async close() {
      if (dataSource.isInitialized) await dataSource.destroy();
    },
    async [Symbol.asyncDispose]() {
      await db.close();
    },
  };
  return db;
}
