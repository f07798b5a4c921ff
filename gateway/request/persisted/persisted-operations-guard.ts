import type { Request, RequestHandler } from 'express';

import { sendError } from '../../../common/error-response';
import { ErrorCode } from '../../../common/errors';
import type { RedisKeyValueCache } from '../cache/redis-key-value-cache';
import { sha256 } from './trusted-documents';

/** apq: automatic persisted queries, any operation; trusted: only the manifest's operations; off: neither. */
export type PersistedMode = 'apq' | 'trusted' | 'off';

export interface PersistedOperations {
  mode: PersistedMode;
  /** The trusted documents by SHA-256 (trusted mode). */
  trusted: ReadonlyMap<string, string>;
  /** Where APQ hashes are kept for the whole fleet (Redis); default this process's memory. */
  apqCache?: RedisKeyValueCache;
}

interface Operation {
  query?: unknown;
  documentId?: unknown;
  extensions?: { persistedQuery?: { sha256Hash?: unknown } } & Record<string, unknown>;
}

class Refusal {
  constructor(
    readonly code: ErrorCode,
    readonly message: string,
  ) {}
}

/** The hash a request names: APQ's extensions.persistedQuery.sha256Hash, or documentId ("sha256:<hex>" or "<hex>"). */
function namedHash(op: Operation): string | undefined {
  const hash = op.extensions?.persistedQuery?.sha256Hash ?? op.documentId;
  return typeof hash === 'string' ? hash.replace(/^sha256:/, '').toLowerCase() : undefined;
}

/**
 * Checks (and, in trusted mode, resolves) one operation: a hash sent with its text must be the text's
 * SHA-256; in trusted mode the text must be a listed document, or the hash must name one.
 */
function check(op: Operation, mode: PersistedMode, trusted: ReadonlyMap<string, string>): void {
  const hash = namedHash(op);
  const text = typeof op.query === 'string' && op.query !== '' ? op.query : undefined;
  if (text !== undefined && hash !== undefined && sha256(text) !== hash) {
    throw new Refusal(
      ErrorCode.PERSISTED_QUERY_HASH_MISMATCH,
      'The hash sent is not the SHA-256 of the operation sent.',
    );
  }
  if (mode !== 'trusted') return;
  if (text !== undefined) {
    if (!trusted.has(sha256(text)))
      throw new Refusal(
        ErrorCode.PERSISTED_QUERY_NOT_IN_LIST,
        'This gateway runs only its trusted operations (schema/operations/); this one is not among them.',
      );
  } else if (hash !== undefined) {
    const body = trusted.get(hash);
    if (body === undefined)
      throw new Refusal(
        ErrorCode.PERSISTED_QUERY_NOT_FOUND,
        `No trusted operation has the hash ${hash.slice(0, 16)}….`,
      );
    op.query = body;
  } else {
    throw new Refusal(
      ErrorCode.PERSISTED_QUERY_NOT_IN_LIST,
      'Send a trusted operation, or its SHA-256 hash (extensions.persistedQuery.sha256Hash or documentId).',
    );
  }
  // Resolved here: Apollo's own APQ (off in this mode) must not see the extension.
  if (op.extensions) delete op.extensions.persistedQuery;
  delete op.documentId;
}

/** GET /graphql?query=…&extensions=…: the operation from the URL, and how to write it back. */
function fromUrl(req: Request): { op: Operation; write: () => void } | null {
  const url = new URL(req.url, 'http://gateway');
  let extensions: Operation['extensions'];
  try {
    extensions = url.searchParams.has('extensions')
      ? (JSON.parse(url.searchParams.get('extensions')!) as Operation['extensions'])
      : undefined;
  } catch {
    return null; // Apollo answers a malformed extensions parameter itself
  }
  const op: Operation = {
    query: url.searchParams.get('query') ?? undefined,
    documentId: url.searchParams.get('documentId') ?? undefined,
    ...(extensions ? { extensions } : {}),
  };
  return {
    op,
    write: () => {
      if (typeof op.query === 'string') url.searchParams.set('query', op.query);
      url.searchParams.delete('documentId');
      if (op.extensions) url.searchParams.set('extensions', JSON.stringify(op.extensions));
      req.url = `${url.pathname}${url.search}`;
    },
  };
}

/**
 * Before GraphQL: hashes verified in every mode; in trusted mode only the manifest's operations pass,
 * by text or by hash (each operation of a batch). Refusals are 400 with a code.
 */
export function persistedOperationsGuard(mode: PersistedMode, trusted: ReadonlyMap<string, string>): RequestHandler {
  return (req, res, next) => {
    try {
      if (req.method === 'GET') {
        const get = fromUrl(req);
        if (get) {
          check(get.op, mode, trusted);
          get.write();
        }
      } else if (req.body && typeof req.body === 'object') {
        for (const op of Array.isArray(req.body) ? req.body : [req.body])
          if (op && typeof op === 'object') check(op as Operation, mode, trusted);
      }
      next();
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      sendError(res, 400, error.message, { code: error.code });
    }
  };
}
