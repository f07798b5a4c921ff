import { createNodeRedisClient } from 'bullmq';
import { createClient } from 'redis';

import { logger } from '../../common/logger';

/** A node-redis client for BullMQ's queues and workers of one purpose, under the deployment's prefix. */
export async function bullConnection(redisUrl: string, prefix: string, purpose: string) {
  const client = createClient({ url: redisUrl });
  client.on('error', (error: Error) => logger.warn({ err: error.message }, `${purpose}: Redis error`));
  await client.connect();
  // BullMQ's adapter is typed for node-redis's widest client type; ours is the default-modules one.
  return { client, connection: createNodeRedisClient(client as never), prefix: `${prefix}bull` };
}
