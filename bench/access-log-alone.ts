import type { StorageConfig } from '../common/config';
import { openGatewayDatabase } from '../gateway/database/gateway-database';
import type { AccessLogEntry } from '../gateway/request/access-log/access-log';
import { openAccessLog } from '../gateway/request/access-log/open-access-log';

export interface LogAloneMeasure {
  writers: number;
  appendsPerSecond: number;
  /** Milliseconds from append to stored. */
  p50: number;
  p99: number;
}

/** A record as the benchmark's sensitive read writes it: two coordinates, twenty person keys. */
const entry = (i: number): AccessLogEntry => ({
  at: new Date().toISOString(),
  user: 'bench.supervisor',
  roles: ['supervisor'],
  clearance: 'RESTRICTED',
  region: '320000',
  purpose: 'JC-2026-0001; access log alone',
  operationName: null,
  operationHash: 'a'.repeat(64),
  reads: [
    { coordinate: 'Person.name', level: 'SENSITIVE', decision: 'allowed' },
    { coordinate: 'Person.idNumber', level: 'RESTRICTED', decision: 'allowed' },
  ],
  entities: { 'Person.idNumber': Array.from({ length: 20 }, (_, k) => (i * 20 + k).toString(16).padStart(32, '0')) },
});

/**
 * The hash-chained MariaDB access log on its own, without a gateway around it: `writers` callers each
 * appending one record after another (as requests do), `records` in all.
 */
export async function measureLogAlone(
  storage: StorageConfig,
  writers: number,
  records = 3000,
): Promise<LogAloneMeasure> {
  const database = await openGatewayDatabase(storage);
  const log = await openAccessLog(database, storage, { writerPassword: 'bench-log-writer-password' });
  try {
    const latencies: number[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: writers }, async () => {
        while (next < records) {
          const at = performance.now();
          await log.append(entry(next++));
          latencies.push(performance.now() - at);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const at = (q: number) =>
      Math.round(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))]! * 10) / 10;
    return { writers, appendsPerSecond: Math.round(records / seconds), p50: at(0.5), p99: at(0.99) };
  } finally {
    await log.close();
    await database.close();
  }
}
