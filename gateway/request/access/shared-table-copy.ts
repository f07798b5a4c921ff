import { logger } from '../../../common/logger';

/**
 * This instance's copy of a table every gateway instance shares (grants, agreements), read again when
 * older than `refreshMs`, so a change made on another instance applies within that time. One load at a
 * time; if it fails, readers get nothing (access narrows, it never widens) and the failure is logged.
 */
export class SharedTableCopy<T> {
  private cached: { at: number; rows: T[] } | null = null;
  private loading: Promise<T[]> | null = null;

  constructor(
    private readonly load: () => Promise<T[]>,
    private readonly refreshMs: number,
    /** Logged when a load fails, e.g. "cross-region grants could not be loaded; requests get none". */
    private readonly failure: string,
  ) {}

  rows(now: Date): Promise<T[]> {
    if (this.cached && now.getTime() - this.cached.at < this.refreshMs) return Promise.resolve(this.cached.rows);
    this.loading ??= this.load()
      .then((rows) => {
        this.cached = { at: Date.now(), rows };
        return rows;
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, this.failure);
        return [];
      })
      .finally(() => {
        this.loading = null;
      });
    return this.loading;
  }

  /** This instance changed the table: read it again on the next request. */
  invalidate(): void {
    this.cached = null;
  }
}
