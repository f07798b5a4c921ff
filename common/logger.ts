import pino from 'pino';

/**
 * Values an error message may quote (a driver's "Duplicate entry '…'", a parser's "Expected …, found
 * \"…\""): quoted text and long digit runs (ID numbers, USCCs, phone numbers) are replaced, so no
 * personal data reaches the logs through an error.
 */
export function scrubText(text: string): string {
  return text
    .replace(/'[^']*'|"[^"]*"|`[^`]*`/g, '«…»')
    .replace(/[0-9A-Z]{15,}|\d{6,}/g, '«#»')
    .replace(/Bearer\s+\S+/gi, 'Bearer «…»');
}

function scrubError(error: unknown): unknown {
  if (typeof error === 'string') return scrubText(error);
  if (!(error instanceof Error)) return error;
  const serialized = pino.stdSerializers.err(error as Error) as unknown as Record<string, unknown>;
  for (const key of ['message', 'stack', 'sql', 'sqlMessage']) {
    if (typeof serialized[key] === 'string') serialized[key] = scrubText(serialized[key] as string);
  }
  delete serialized['parameters'];
  delete serialized['params'];
  return serialized;
}

/**
 * Structured logs of library code (servers, drivers). CLIs print their own human-readable lines.
 * Credentials, variables and answers are redacted wherever they appear in a log record, and error
 * messages are scrubbed of quoted values (scrubText).
 */
export const logger = pino({
  name: 'govgraph',
  level: process.env['LOG_LEVEL'] ?? 'info',
  redact: {
    paths: [
      'authorization',
      '*.authorization',
      'headers.authorization',
      '*.headers.authorization',
      'req.headers.authorization',
      'token',
      '*.token',
      'password',
      '*.password',
      'secret',
      '*.secret',
      'variables',
      '*.variables',
      'data',
      '*.data',
      'query',
      '*.query',
    ],
    censor: '[redacted]',
  },
  serializers: { err: scrubError },
});
