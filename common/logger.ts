import pino from 'pino';

/** Structured logs of library code (servers, drivers). CLIs print their own human-readable lines. */
export const logger = pino({ name: 'govgraph', level: process.env['LOG_LEVEL'] ?? 'info' });
