/**
 * `npm run seed:verify`: checks the dataset in DATABASE_URL against its ground-truth manifest with
 * plain SQL, kind by kind (MySQL/MariaDB only: the check joins across the five databases).
 */
import { readFileSync } from 'node:fs';
import { createPool } from 'mysql2/promise';

import { exitWithError } from '../../common/cli';
import { loadStorageConfig } from '../../common/config';
import type { Manifest } from './manifest';
import { manifestPath } from './seed-databases';
import { datasetDatabases } from './verify/reference-queries';
import { verifyDataset } from './verify/verify-dataset';

async function main(): Promise<void> {
  const storage = loadStorageConfig();
  if (!storage.databaseUrl)
    throw new Error('set DATABASE_URL: verification joins the five databases on one MySQL server');
  const manifest = JSON.parse(readFileSync(manifestPath(storage), 'utf8')) as Manifest;
  const pool = createPool({ uri: storage.databaseUrl, connectionLimit: 1, dateStrings: true, decimalNumbers: true });
  try {
    const verdicts = await verifyDataset(
      async (sql, params) => (await pool.query(sql, params))[0] as Array<Record<string, unknown>>,
      datasetDatabases(storage.databasePrefix),
      manifest,
    );
    process.stdout.write(
      `${manifest.scale} dataset, seed ${manifest.seed}\n${'kind'.padEnd(30)} planted  found  missing  extra  seconds\n`,
    );
    for (const v of verdicts) {
      process.stdout.write(
        `${v.kind.padEnd(30)} ${String(v.planted).padStart(7)} ${String(v.found).padStart(6)} ${String(v.missing.length).padStart(8)} ${String(v.extra.length).padStart(6)} ${v.seconds.toFixed(2).padStart(8)}\n`,
      );
    }
    if (verdicts.some((v) => v.missing.length || v.extra.length)) process.exitCode = 1;
  } finally {
    await pool.end();
  }
}

main().catch(exitWithError('verify failed'));
