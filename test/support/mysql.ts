import { createPool, type Pool, type RowDataPacket } from 'mysql2/promise';

import { TEST_MYSQL_URL } from './env';

/**
 * Plain SQL over the source databases, independent of the code under test: the yardstick every
 * answer of the system is checked against.
 */
export class SqlOracle implements AsyncDisposable {
  private readonly pool: Pool = createPool({
    uri: TEST_MYSQL_URL,
    connectionLimit: 2,
    dateStrings: true,
    decimalNumbers: true,
  });

  async rows<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    const [rows] = await this.pool.query<RowDataPacket[]>(sql, params);
    return rows as T[];
  }

  async value<T = unknown>(sql: string, params: unknown[] = []): Promise<T> {
    const rows = await this.rows(sql, params);
    return Object.values(rows[0] ?? {})[0] as T;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.pool.end();
  }
}
