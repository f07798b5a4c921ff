import {
  Kind,
  Lexer,
  Source,
  TokenKind,
  type DocumentNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

import { fragmentsOf } from '../operation/operation-walk';

/** How big an operation is, by the measures query limits apply to. */
export interface OperationSize {
  /** Deepest field nesting; a root field is depth 1 (introspection's __schema and __type count 1 whole). */
  depth: number;
  /** Aliased fields, counted each time a fragment containing them is spread. */
  aliases: number;
  /** Fields selected at the root, fragments included. */
  rootFields: number;
}

interface SetSize {
  depth: number;
  aliases: number;
  fields: number;
}

/**
 * Measures an operation with its fragments expanded. Each fragment is measured once and its size
 * reused wherever it is spread, so a document of fragments spreading fragments many times over costs
 * time linear in its length while its counts still grow as the expansion would (validation has
 * already refused fragment cycles).
 */
export function measureOperation(document: DocumentNode, operation: OperationDefinitionNode): OperationSize {
  const fragments = fragmentsOf(document);
  const measured = new Map<string, SetSize>();

  const sizeOf = (set: SelectionSetNode | undefined): SetSize => {
    const size: SetSize = { depth: 0, aliases: 0, fields: 0 };
    for (const selection of set?.selections ?? []) {
      let inner: SetSize;
      if (selection.kind === Kind.FIELD) {
        const child = sizeOf(selection.selectionSet);
        // Introspection nests ofType a dozen levels by design; its size is bounded by the schema (and by tokens).
        const introspection = selection.name.value === '__schema' || selection.name.value === '__type';
        inner = {
          depth: 1 + (introspection ? 0 : child.depth),
          aliases: child.aliases + (selection.alias ? 1 : 0),
          fields: 1,
        };
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        inner = sizeOf(selection.selectionSet);
      } else {
        const name = selection.name.value;
        let known = measured.get(name);
        if (!known) {
          measured.set(name, { depth: 0, aliases: 0, fields: 0 }); // a cycle (refused by validation) adds nothing
          known = sizeOf(fragments.get(name)?.selectionSet);
          measured.set(name, known);
        }
        inner = known;
      }
      size.depth = Math.max(size.depth, inner.depth);
      size.aliases += inner.aliases;
      size.fields += inner.fields;
    }
    return size;
  };

  const root = sizeOf(operation.selectionSet);
  return { depth: root.depth, aliases: root.aliases, rootFields: root.fields };
}

/** Lexical tokens of a document, comments left out (as graphql-js counts them for maxTokens). */
export function countTokens(source: string): number {
  const lexer = new Lexer(new Source(source));
  let count = 0;
  while (lexer.advance().kind !== TokenKind.EOF) count++;
  return count;
}
