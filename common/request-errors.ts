import type { ErrorRequestHandler } from 'express';

import { sendError } from './error-response';
import { ErrorCode } from './errors';
import { logger } from './logger';

interface BodyParserError {
  type?: string;
  status?: number;
  length?: number;
  limit?: number;
}

/**
 * Errors raised before GraphQL sees a request (body too large, malformed JSON, …) answered as GraphQL
 * errors with a code, as JSON: express's own handler would answer an HTML page with the stack trace.
 */
export const requestErrors: ErrorRequestHandler = (error: unknown, _req, res, next) => {
  if (res.headersSent) return next(error);
  const e = (error ?? {}) as BodyParserError;
  let status: number;
  let body: { message: string; extensions: { code: string } & Record<string, unknown> };
  if (e.type === 'entity.too.large') {
    status = 413;
    body = {
      message: `Request body too large: ${e.length} bytes, the limit is ${e.limit}.`,
      extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, limit: 'bodyBytes', measured: e.length, max: e.limit },
    };
  } else if (e.type === 'entity.parse.failed') {
    status = 400;
    body = { message: 'The request body is not valid JSON.', extensions: { code: ErrorCode.BAD_USER_INPUT } };
  } else if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    status = e.status;
    body = {
      message: `The request could not be read (${e.type ?? 'bad request'}).`,
      extensions: { code: ErrorCode.BAD_USER_INPUT },
    };
  } else {
    logger.error({ err: error }, 'request failed before GraphQL');
    status = 500;
    body = { message: 'Internal server error', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
  }
  sendError(res, status, body.message, body.extensions);
};
