import type { Logger } from 'typeorm';

import { logger } from '../logger';

/**
 * Counts the SQL statements a data source sends. Tests and benchmarks read it to prove that
 * DataLoader batching keeps statements per request proportional to types, not rows.
 */
export class StatementCounter implements Logger {
  count = 0;
  /** Text of the most recent statements, for diagnostics; bounded. */
  readonly recent: string[] = [];
  private static readonly KEEP = 200;

  logQuery(query: string): void {
    this.count++;
    this.recent.push(query);
    if (this.recent.length > StatementCounter.KEEP) this.recent.shift();
  }

  logQueryError(error: string | Error, query: string): void {
    logger.error({ err: error, query: query.slice(0, 200) }, 'SQL error');
  }

  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}

  reset(): void {
    this.count = 0;
    this.recent.length = 0;
  }
}
