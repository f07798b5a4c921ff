import type { RedisClientType } from 'redis';

import { logger } from './logger';

/**
 * Subscribes to a channel on a connection of its own (pub/sub needs one). Messages published while
 * the connection was away are lost, so after each reconnect `onReconnect` runs: the caller reads what
 * it follows again. Returns the connection, for closing.
 */
export async function subscribeWithReconnect(
  client: RedisClientType,
  channel: string,
  onMessage: (message: string) => void,
  onReconnect: () => void,
  purpose: string,
): Promise<RedisClientType> {
  const subscriber = client.duplicate() as RedisClientType;
  subscriber.on('error', (error: Error) => logger.warn({ err: error.message }, `${purpose} subscriber error`));
  let everReady = false;
  subscriber.on('ready', () => {
    if (everReady) onReconnect();
    everReady = true;
  });
  await subscriber.connect();
  await subscriber.subscribe(channel, onMessage);
  return subscriber;
}
