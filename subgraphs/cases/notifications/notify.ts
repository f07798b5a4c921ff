import { logger } from '../../../common/logger';
import type { CaseEvent } from './case-events';

/** Tells whoever listens that something happened; a lost notification never undoes what happened. */
export type Notify = (event: CaseEvent) => void;

/** Fans an event out to every channel (subscriptions, webhooks); a failing channel is logged, not thrown. */
export function notifyAll(channels: ReadonlyArray<(event: CaseEvent) => Promise<unknown>>): Notify {
  return (event) => {
    for (const channel of channels)
      void channel(event).catch((error: unknown) =>
        logger.warn({ err: (error as Error).message, event: event.type }, 'a notification was not sent'),
      );
  };
}
