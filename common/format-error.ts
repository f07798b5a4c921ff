import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';

import { ErrorCode } from './errors';
import { logger } from './logger';

/**
 * Errors a client may see keep their message and code; anything unexpected (a driver error with SQL
 * in it, a stack) becomes a bare INTERNAL_SERVER_ERROR and is written to stderr instead.
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
  logger.error({ err: original, path: formatted.path }, 'internal error');
  return {
    message: 'Internal server error',
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}
