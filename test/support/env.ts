import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { DEV_PERSON_KEY_SECRET, type StorageConfig } from '../../common/config';

/** Tests use their own databases (prefix govgraph_test_) so a developer's data is never touched. */
export const TEST_MYSQL_URL = process.env['DATABASE_URL'] || 'mysql://root@127.0.0.1:3306';
export const TEST_PREFIX = 'govgraph_test_';
export const TEST_SEED = 7;

export const mysqlStorage: StorageConfig = {
  databaseUrl: TEST_MYSQL_URL,
  databasePrefix: TEST_PREFIX,
  dataDir: join(tmpdir(), 'govgraph-test-mysql'),
  personKeySecret: DEV_PERSON_KEY_SECRET,
};

export function embeddedStorage(dir: string): StorageConfig {
  return { databasePrefix: TEST_PREFIX, dataDir: dir, personKeySecret: DEV_PERSON_KEY_SECRET };
}

/** The database holding one subgraph's tables in the test dataset. */
export function testDb(name: 'staffing' | 'finance' | 'civil_affairs' | 'audit' | 'activity'): string {
  return `${TEST_PREFIX}${name}`;
}
