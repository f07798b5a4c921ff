import 'reflect-metadata';

import { seedDatabases } from '../../subgraphs/seed/seed-databases';
import { resetCasesDatabase } from './cases';
import { mysqlStorage, TEST_MYSQL_URL, TEST_SEED } from './env';

/** Seeds the test-scale dataset into MariaDB (databases govgraph_test_*) and empties the cases database, once per `jest` run. */
export default async function globalSetup(): Promise<void> {
  const flag = 'GOVGRAPH_TEST_SEEDED';
  if (process.env[flag]) return;
  await seedDatabases(mysqlStorage, { scale: 'test', seed: TEST_SEED });
  await resetCasesDatabase({ ...mysqlStorage, databaseUrl: TEST_MYSQL_URL });
  process.env[flag] = '1';
}
