import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * How a govgraph webhook is signed (a partner verifies it the same way): HMAC-SHA256 with the
 * webhook's secret over "<timestamp>.<body>", sent as `v1=<hex>`; the timestamp (ms) is sent too so a
 * receiver can refuse an old delivery replayed at it.
 */
export const WEBHOOK_HEADERS = {
  delivery: 'x-govgraph-delivery',
  event: 'x-govgraph-event',
  timestamp: 'x-govgraph-timestamp',
  signature: 'x-govgraph-signature',
} as const;

export const webhookSignature = (secret: string, timestamp: string, body: string): string =>
  `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;

/** True when the signature is the secret's over this timestamp and body, and the timestamp is within the window. */
export function verifyWebhookSignature(
  secret: string,
  delivery: { timestamp: string; body: string; signature: string },
  windowMs = 5 * 60_000,
  now = Date.now(),
): boolean {
  if (!/^\d{1,15}$/.test(delivery.timestamp) || Math.abs(now - Number(delivery.timestamp)) > windowMs) return false;
  const expected = Buffer.from(webhookSignature(secret, delivery.timestamp, delivery.body));
  const given = Buffer.from(delivery.signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
