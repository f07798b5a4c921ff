import { GraphQLError } from 'graphql';

/**
 * The error catalogue: every code a client of govgraph can see, with the HTTP status a request refused
 * as a whole gets (a field error inside an answer stays 200) and what it means. Codes are named from
 * here (ErrorCode.X), never written as strings elsewhere.
 */
export const ERROR_CATALOGUE = {
  UNAUTHENTICATED: {
    status: 401,
    meaning: 'no valid token: missing, forged, expired, not yet valid, or for another audience',
  },
  FORBIDDEN_FIELD: {
    status: 403,
    meaning: "a field graded above the caller's clearance, or an endpoint the caller's roles may not use",
  },
  PURPOSE_REQUIRED: {
    status: 403,
    meaning:
      'the field needs a stated purpose (x-govgraph-purpose: <case number>; <text>) of a kind the caller may state',
  },
  OUT_OF_SCOPE: { status: 403, meaning: "an object outside the caller's region and grants" },
  QUERY_TOO_COMPLEX: {
    status: 400,
    meaning:
      'a limit was passed: body size, depth, aliases, root fields, tokens, cost or operations in a batch (extensions: limit, measured, max)',
  },
  RATE_LIMITED: {
    status: 429,
    meaning: 'too many requests from this user, address or from anonymous callers; try again after retryAfterSeconds',
  },
  SUBGRAPH_UNAVAILABLE: {
    status: 502,
    meaning:
      'a subgraph failed, timed out or has its breaker open, or answered what its schema does not allow; the rest of the answer stands',
  },
  BAD_USER_INPUT: { status: 400, meaning: 'an argument, a variable or the request body is not valid' },
  GRAPHQL_VALIDATION_FAILED: {
    status: 400,
    meaning: 'the operation is not valid against the schema the caller may see',
  },
  PERSISTED_QUERY_NOT_FOUND: {
    status: 400,
    meaning: 'a persisted operation named by a hash the gateway does not know: send the query with it once (APQ)',
  },
  PERSISTED_QUERY_HASH_MISMATCH: { status: 400, meaning: 'the query sent does not hash to the sha256 it names' },
  PERSISTED_QUERY_NOT_IN_LIST: {
    status: 400,
    meaning: "in trusted-documents mode, an operation that is not in the deployment's manifest",
  },
  NOT_FOUND: {
    status: 404,
    meaning: 'no endpoint at this method and path (the answer lists where the gateway serves)',
  },
  INTERNAL_SERVER_ERROR: {
    status: 500,
    meaning: "a fault of govgraph's own, logged with its cause; the client never sees a stack trace or SQL",
  },
} as const satisfies Record<string, { status: number; meaning: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;
export const ErrorCode = Object.fromEntries(Object.keys(ERROR_CATALOGUE).map((code) => [code, code])) as {
  readonly [C in ErrorCode]: C;
};

/** The HTTP status of a request refused as a whole with `code` (502 for a code from elsewhere, e.g. a subgraph's own). */
export function statusOf(code: string | undefined): number {
  return code && code in ERROR_CATALOGUE ? ERROR_CATALOGUE[code as ErrorCode].status : 502;
}

export function badUserInput(message: string, argument?: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.BAD_USER_INPUT, ...(argument ? { argument } : {}) },
  });
}

/** A field or operation the caller's roles may not use (a role the resolver requires is missing). */
export function forbiddenField(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.FORBIDDEN_FIELD } });
}

/** Refuses a request whose caller is not (validly) identified: HTTP 401. */
export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: statusOf(ErrorCode.UNAUTHENTICATED) } },
  });
}
