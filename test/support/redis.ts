import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';

export const TEST_REDIS_URL = process.env['REDIS_URL'] || 'redis://127.0.0.1:6379';

/** A key prefix of this test file's own, so parallel tests and developers never share registry keys. */
export function testPrefix(): string {
  return `govgraph-test:${randomUUID().slice(0, 8)}:`;
}

/** Removes every key under a prefix (SCAN, never KEYS). */
export async function dropPrefix(prefix: string): Promise<void> {
  const client = createClient({ url: TEST_REDIS_URL });
  await client.connect();
  try {
    for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) {
      if (keys.length) await client.del(keys);
    }
  } finally {
    await client.close();
  }
}
