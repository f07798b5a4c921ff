import { createConnection } from 'mysql2/promise';

import type { StorageConfig } from '../../common/config';
import { openSubgraphDatabase } from '../../common/database/database';
import { databaseName } from '../../common/subgraph-catalog';
import { casesTables } from '../../subgraphs/cases/tables';

/**
 * The cases database empty and migrated, once per run, before any test opens it: its records (checked
 * batches) would otherwise carry from run to run, and parallel first opens would race to create tables.
 */
export async function resetCasesDatabase(storage: StorageConfig & { databaseUrl: string }): Promise<void> {
  const admin = await createConnection({ uri: storage.databaseUrl });
  try {
    await admin.query(`DROP DATABASE IF EXISTS \`${databaseName(storage.databasePrefix, 'cases')}\``);
  } finally {
    await admin.end();
  }
  const db = await openSubgraphDatabase({ name: 'cases', tables: casesTables, storage });
  await db.close();
}
