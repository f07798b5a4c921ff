import { EventEmitter } from 'node:events';
import { Repeater } from '@repeaterjs/repeater';
import { createClient } from 'redis';

import { logger } from '../../../common/logger';

/** What the cases system tells the people in scope as it happens. */
export type CaseEvent =
  | { type: 'ALERT_RAISED'; alertId: number; regionCode: string }
  | { type: 'LEAD_ASSIGNED'; leadId: number; regionCode: string; orgUscc: string };

/**
 * The cases system's events, for its subscriptions and webhooks. One replica raises an event (a rule
 * run, an assignment), every replica's subscribers hear it: over Redis pub/sub when the replicas share a
 * Redis, in this process otherwise.
 */
export interface CaseEvents {
  publish(event: CaseEvent): Promise<void>;
  /** The events `accept` takes, from now on, until the iterator is returned (the subscriber leaves). */
  listen(accept: (event: CaseEvent) => boolean): AsyncIterableIterator<CaseEvent>;
  close(): Promise<void>;
}

const LOCAL = 'event';

/** Subscribers in this process hear this process's events. */
export function localCaseEvents(): CaseEvents {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0); // one listener per open subscription
  return {
    publish: async (event) => void emitter.emit(LOCAL, event),
    listen: (accept) => listenOn(emitter, accept),
    close: async () => void emitter.removeAllListeners(),
  };
}

/** A listener for as long as the subscriber iterates; returning the iterator removes it at once. */
const listenOn = (emitter: EventEmitter, accept: (event: CaseEvent) => boolean) =>
  new Repeater<CaseEvent>(async (push, stop) => {
    const listener = (event: CaseEvent) => {
      if (accept(event)) void push(event);
    };
    emitter.on(LOCAL, listener);
    await stop;
    emitter.off(LOCAL, listener);
  });

/** Every replica on one Redis hears every replica's events (a second connection subscribes). */
export async function redisCaseEvents(url: string, prefix: string): Promise<CaseEvents> {
  const channel = `${prefix}cases:events`;
  const publisher = createClient({ url });
  const subscriber = publisher.duplicate();
  for (const client of [publisher, subscriber])
    client.on('error', (error: Error) => logger.warn({ err: error.message }, 'case events: Redis error'));
  await Promise.all([publisher.connect(), subscriber.connect()]);
  const local = new EventEmitter();
  local.setMaxListeners(0);
  await subscriber.subscribe(channel, (message) => {
    try {
      local.emit(LOCAL, JSON.parse(message) as CaseEvent);
    } catch {
      logger.warn({ channel }, 'case events: a message that is not an event, ignored');
    }
  });
  return {
    publish: async (event) => void (await publisher.publish(channel, JSON.stringify(event))),
    listen: (accept) => listenOn(local, accept),
    async close() {
      local.removeAllListeners();
      await Promise.allSettled([subscriber.quit(), publisher.quit()]);
    },
  };
}
