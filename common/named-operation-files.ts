import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, type DocumentNode } from 'graphql';

import { projectRoot } from './paths';

/** The reviewed, named operations clients are given (exports and the explorer read them). */
export const OPERATIONS_DIR = join(projectRoot, 'schema', 'operations');

/** Each .graphql file of the folder, in name order: its text as written, and parsed. */
export function readOperationFiles(dir = OPERATIONS_DIR): Array<{ source: string; document: DocumentNode }> {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((file) => {
      const source = readFileSync(join(dir, file), 'utf8');
      return { source, document: parse(source) };
    });
}
