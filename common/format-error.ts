import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';

import { ErrorCode } from './errors';
import { logger } from './logger';

/** Driver and socket codes of a database that cannot be reached (mysql2, through TypeORM or not). */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_CON_COUNT_ERROR',
]);

/** The pool may reject with a plain object, which graphql-js wraps (NonErrorThrown, its thrownValue). */
const databaseUnreachable = (error: unknown): boolean => {
  const e = error as { code?: unknown; driverError?: { code?: unknown }; thrownValue?: { code?: unknown } } | null;
  return UNREACHABLE.has(String(e?.code ?? e?.driverError?.code ?? e?.thrownValue?.code ?? ''));
};

/**
 * Errors a client may see keep their message and code; a database that cannot be reached is
 * SUBGRAPH_UNAVAILABLE (the system cannot answer now, as when the gateway cannot reach it); anything
 * else unexpected (a driver error with SQL in it, a stack) becomes a bare INTERNAL_SERVER_ERROR and is
 * written to stderr instead.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof GraphQLError || formatted.extensions?.['code'] !== ErrorCode.INTERNAL_SERVER_ERROR) {
    const { stacktrace: _omit, ...extensions } = formatted.extensions ?? {};
    // A scalar that rejects a literal fails validation; the client still gets the input error's code.
    const cause = original instanceof GraphQLError ? original.originalError : undefined;
    if (cause instanceof GraphQLError && cause.extensions['code'] === ErrorCode.BAD_USER_INPUT)
      extensions['code'] = ErrorCode.BAD_USER_INPUT;
    return { ...formatted, extensions };
  }
  if (databaseUnreachable(original)) {
    logger.warn({ err: original, path: formatted.path }, 'database unreachable');
    return {
      message: 'This system cannot answer now: its database cannot be reached.',
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: ErrorCode.SUBGRAPH_UNAVAILABLE },
    };
  }
  logger.error({ err: original, path: formatted.path }, 'internal error');
  return {
    message: 'Internal server error',
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}
