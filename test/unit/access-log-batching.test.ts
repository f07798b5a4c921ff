import { AccessLog, type ChainLock } from '../../gateway/request/access-log/access-log';

const entry = (user: string) => ({
  at: new Date().toISOString(),
  user,
  roles: ['auditor'],
  clearance: 'RESTRICTED',
  region: '320000',
  purpose: null,
  operationName: null,
  operationHash: 'a'.repeat(64),
  reads: [],
  entities: {},
});

/** A chain store in memory: inserts are counted by rows (as many values each as the INSERT names columns), one may be made to fail. */
function memoryLock(failNext: { value: boolean }): ChainLock & { rows: number } {
  const lock = {
    rows: 0,
    run: async (work: Parameters<ChainLock['run']>[0]) =>
      work({
        head: undefined,
        insert: async (sql: string, values: unknown[]) => {
          if (failNext.value) {
            failNext.value = false;
            throw new Error('disk full');
          }
          const columns = sql.slice(sql.indexOf('(') + 1, sql.indexOf(')')).split(',').length;
          lock.rows += values.length / columns;
        },
      }),
  };
  return lock;
}

/** The access log's batching: every append settles, failed writes fail their own requests (closed), nothing hangs. */
describe('access log batching', () => {
  it('a lock that ends without running the write fails the waiting appends instead of hanging', async () => {
    const log = new AccessLog({ run: async () => undefined });
    await expect(log.append(entry('a'))).rejects.toThrow(/ended without writing/);
  });

  it('a lock that cannot be had fails the batch; the next appends are written', async () => {
    let refuse = true;
    const store = memoryLock({ value: false });
    const log = new AccessLog({
      run: (work) => (refuse ? Promise.reject(new Error('lock timeout')) : store.run(work)),
    });
    await expect(log.append(entry('a'))).rejects.toThrow(/lock timeout/);
    refuse = false;
    await Promise.all([log.append(entry('b')), log.append(entry('c'))]);
    expect(store.rows).toBe(2);
  });

  it('a failed insert fails only the appends in that batch; every other append is stored once', async () => {
    const failNext = { value: false };
    const store = memoryLock(failNext);
    const log = new AccessLog(store);
    const first = Array.from({ length: 50 }, (_, i) => log.append(entry(`first-${i}`)));
    failNext.value = true; // the first insert (the batch holding the first append) fails
    const settled = await Promise.allSettled(first);
    const failed = settled.filter((s) => s.status === 'rejected').length;
    expect(failed).toBeGreaterThan(0);
    expect(store.rows).toBe(50 - failed);
    await Promise.all(Array.from({ length: 50 }, (_, i) => log.append(entry(`second-${i}`))));
    expect(store.rows).toBe(100 - failed);
  });
});
