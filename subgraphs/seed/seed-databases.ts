import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createConnection } from 'mysql2/promise';
import type { QueryRunner } from 'typeorm';

import type { StorageConfig } from '../../common/config';
import { embeddedFile, openSubgraphDatabase, type SubgraphDatabase } from '../../common/database/database';
import { databaseName, SUBGRAPH_NAMES, type SubgraphName } from '../../common/subgraph-catalog';
import { SUBGRAPH_DEFINITIONS } from '../definitions';
import { generateDataset } from './generator';
import type { Manifest } from './manifest';
import { SCALES, type ScaleName } from './scales';
import { DatabaseSink } from './sink';

/** Where the ground truth of the dataset in these databases is kept (tests read it; nothing else does). */
export function manifestPath(storage: StorageConfig): string {
  const dialect = storage.databaseUrl ? 'mysql' : 'sqlite';
  return resolve(storage.dataDir, 'ground-truth', `${storage.databasePrefix}${dialect}.json`);
}

export interface SeedOptions {
  scale: ScaleName;
  seed: number;
  /** Called with the number of rows each time a batch is stored. */
  onRows?: (n: number) => void;
}

/** Rough row count of a scale, for progress display. */
export function expectedRows(scale: ScaleName): number {
  const s = SCALES[scale];
  return Math.round(s.people * 5.2 + s.workRecords + s.reliefCases * 6.3);
}

/**
 * Replaces the five subgraph databases with a freshly generated dataset: drops and recreates each
 * (migrations create the tables), bulk-loads the rows, and writes the ground-truth manifest.
 */
export async function seedDatabases(
  storage: StorageConfig,
  options: SeedOptions,
): Promise<{ manifest: Manifest; file: string }> {
  await dropAll(storage);
  const databases = new Map<SubgraphName, SubgraphDatabase>();
  const runners = new Map<SubgraphName, QueryRunner>();
  try {
    for (const name of SUBGRAPH_NAMES) {
      const db = await openSubgraphDatabase({ name, tables: SUBGRAPH_DEFINITIONS[name].tables, storage });
      databases.set(name, db);
      const runner = db.dataSource.createQueryRunner();
      await runner.connect();
      // Bulk load: the generator guarantees uniqueness; skip per-row checks while loading.
      if (db.dialect === 'mysql') await runner.query('SET SESSION unique_checks = 0, foreign_key_checks = 0');
      runners.set(name, runner);
    }
    const manifest = await generateDataset({
      scale: SCALES[options.scale],
      seed: options.seed,
      personKeySecret: storage.personKeySecret,
      out: new DatabaseSink(runners, options.onRows),
    });
    for (const runner of runners.values()) await runner.release();
    for (const db of databases.values()) await db.persist();
    const file = manifestPath(storage);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(manifest, null, 1));
    return { manifest, file };
  } finally {
    for (const db of databases.values()) await db.close();
  }
}

async function dropAll(storage: StorageConfig): Promise<void> {
  if (!storage.databaseUrl) {
    for (const name of SUBGRAPH_NAMES) rmSync(embeddedFile(storage, name), { force: true });
    return;
  }
  const connection = await createConnection({ uri: storage.databaseUrl });
  try {
    for (const name of SUBGRAPH_NAMES)
      await connection.query(`DROP DATABASE IF EXISTS \`${databaseName(storage.databasePrefix, name)}\``);
  } finally {
    await connection.end();
  }
}
