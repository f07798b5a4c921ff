import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

const manifest = z.object({
  format: z.literal('apollo-persisted-query-manifest'),
  version: z.literal(1),
  operations: z.array(
    z.object({ id: z.string().regex(/^[0-9a-f]{64}$/), name: z.string(), type: z.string(), body: z.string().min(1) }),
  ),
});

export class ManifestError extends Error {
  override name = 'ManifestError';
}

/**
 * The trusted documents (schema/persisted-operations.json, made by codegen from schema/operations/):
 * body by SHA-256 id. Every id is checked against its body, so an edited manifest cannot smuggle an
 * operation in under a listed hash.
 */
export function loadTrustedDocuments(path: string): ReadonlyMap<string, string> {
  let parsed: z.infer<typeof manifest>;
  try {
    parsed = manifest.parse(JSON.parse(readFileSync(path, 'utf8')));
  } catch (error) {
    throw new ManifestError(
      `${path}: not a persisted-operations manifest (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`,
    );
  }
  const documents = new Map<string, string>();
  for (const op of parsed.operations) {
    if (sha256(op.body) !== op.id)
      throw new ManifestError(`${path}: operation ${op.name}: its id is not the SHA-256 of its body`);
    documents.set(op.id, op.body);
  }
  return documents;
}
