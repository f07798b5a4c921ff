import type { StorageConfig } from '../common/config';
import { openSubgraphDatabase } from '../common/database/database';
import { SUBGRAPH_DEFINITIONS } from '../subgraphs/definitions';
import type { ScaleName } from '../subgraphs/seed/scales';
import { seedDatabases } from '../subgraphs/seed/seed-databases';
import { OrgEntity } from '../subgraphs/staffing/entities/org';

/** Seeds a dataset when the staffing database has no bodies yet (first run); otherwise leaves data alone. */
export async function ensureData(storage: StorageConfig, scale: ScaleName, log: (line: string) => void): Promise<void> {
  const staffing = await openSubgraphDatabase({
    name: 'staffing',
    tables: SUBGRAPH_DEFINITIONS.staffing.tables,
    storage,
  });
  let bodies: number;
  try {
    bodies = await staffing.dataSource.getRepository(OrgEntity).count();
  } finally {
    await staffing.close();
  }
  if (bodies > 0) return;
  log(
    `first run: seeding ${scale} data into ${storage.databaseUrl ? 'MySQL' : `the embedded store (${storage.dataDir})`} ...`,
  );
  const started = Date.now();
  const { manifest } = await seedDatabases(storage, { scale, seed: 1 });
  const rows = Object.values(manifest.rowCounts).reduce((a, b) => a + b, 0);
  log(`seeded ${rows} rows in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
