import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import type { DocumentNode } from 'graphql';

/** As envelop's parser and validation caches (Hive Gateway's): the last 1,000 documents. */
const DEFAULT_ENTRIES = 1000;

/**
 * Where Apollo Server keeps parsed and validated documents. Its default is bounded at "30 MiB" as
 * JSON measures a document (~3 KB for a 150-character query), but a parsed document holds its token
 * chain: ~13 KB of heap each, so ~130 MB before anything is evicted, and more in the gateway, whose
 * query and access plans live as long as their document. Clients that send distinct documents (an
 * operation name per request, literals instead of variables) grow every process towards that: in the
 * soak, staffing's RSS rose 4 MB a minute for ten minutes. This one keeps DOCUMENT_CACHE_ENTRIES
 * documents (default 1,000) within Apollo's own size bound.
 */
export function documentCache(
  entries = Number(process.env['DOCUMENT_CACHE_ENTRIES'] || DEFAULT_ENTRIES),
): InMemoryLRUCache<DocumentNode> {
  if (!Number.isInteger(entries) || entries < 1)
    throw new Error(`DOCUMENT_CACHE_ENTRIES must be a whole number of documents, at least 1 (got ${entries})`);
  return new InMemoryLRUCache<DocumentNode>({ max: entries });
}
