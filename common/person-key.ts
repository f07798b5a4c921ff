import { createHmac } from 'node:crypto';

/**
 * The keyed pseudonym every department uses to join records about one person without exchanging
 * the ID number itself: HMAC-SHA256 of the upper-cased ID number under a shared secret, 32 hex chars.
 */
export function personKey(secret: string, idNumber: string): string {
  return createHmac('sha256', secret).update(idNumber.toUpperCase()).digest('hex').slice(0, 32);
}

export const PERSON_KEY_SHAPE = /^[0-9a-f]{32}$/;
