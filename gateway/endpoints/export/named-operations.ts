import { Kind, print, type FieldNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';

import { OPERATIONS_DIR, readOperationFiles } from '../../../common/named-operation-files';

/** A named operation that pages through one list: where the list is, and which columns a row has. */
export interface ExportableOperation {
  name: string;
  text: string;
  /** Response keys from data to the paginated connection (the field taking `after: $after`). */
  listPath: string[];
  /** Response-key paths under each node, one per leaf: a column each. */
  columns: string[][];
}

const responseKey = (field: FieldNode) => field.alias?.value ?? field.name.value;

function leafPaths(set: SelectionSetNode | undefined, prefix: string[]): string[][] {
  const out: string[][] = [];
  for (const selection of set?.selections ?? []) {
    if (selection.kind === Kind.INLINE_FRAGMENT) out.push(...leafPaths(selection.selectionSet, prefix));
    if (selection.kind !== Kind.FIELD || selection.name.value === '__typename') continue;
    const path = [...prefix, responseKey(selection)];
    if (selection.selectionSet) out.push(...leafPaths(selection.selectionSet, path));
    else out.push(path);
  }
  return out;
}

/** The field paginated by the operation's $after variable, and its path. */
function pagedList(set: SelectionSetNode | undefined, prefix: string[]): { path: string[]; field: FieldNode } | null {
  for (const selection of set?.selections ?? []) {
    if (selection.kind !== Kind.FIELD) continue;
    const path = [...prefix, responseKey(selection)];
    const pagedByAfter = selection.arguments?.some(
      (a) => a.name.value === 'after' && a.value.kind === Kind.VARIABLE && a.value.name.value === 'after',
    );
    if (pagedByAfter) return { path, field: selection };
    const inner = pagedList(selection.selectionSet, path);
    if (inner) return inner;
  }
  return null;
}

/**
 * The operations of schema/operations/ that can be exported: each pages one list with $first/$after
 * and selects `nodes`. Only these run as exports, so a download is always a reviewed query.
 */
export function loadExportableOperations(dir = OPERATIONS_DIR): Map<string, ExportableOperation> {
  const operations = new Map<string, ExportableOperation>();
  for (const { document } of readOperationFiles(dir)) {
    for (const definition of document.definitions) {
      if (definition.kind !== Kind.OPERATION_DEFINITION || definition.operation !== 'query' || !definition.name)
        continue;
      const op = definition as OperationDefinitionNode;
      const list = pagedList(op.selectionSet, []);
      const nodes = list?.field.selectionSet?.selections.find(
        (s): s is FieldNode => s.kind === Kind.FIELD && s.name.value === 'nodes',
      );
      const declares = (name: string) => op.variableDefinitions?.some((v) => v.variable.name.value === name);
      if (!list || !nodes || !declares('first')) continue;
      operations.set(op.name!.value, {
        name: op.name!.value,
        text: print(op),
        listPath: list.path,
        columns: leafPaths(nodes.selectionSet, []),
      });
    }
  }
  return operations;
}
