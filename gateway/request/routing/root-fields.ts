import {
  Kind,
  valueFromASTUntyped,
  type ArgumentNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionNode,
} from 'graphql';

import { oncePer } from '../../../common/cached';
import { ORDER_KEY } from '../execution/planner-keys';
import { withoutUnused } from '../execution/query-planner';

/** The default page size of the graph's connections (`first: Int = 20`), when a request names none. */
export const DEFAULT_PAGE = 20;

export interface RootField {
  key: string;
  field: FieldNode;
  /** For a connection (it selects nodes, totalCount or pageInfo): the response keys of those, aliases included. */
  connection: ConnectionKeys | null;
}

export interface ConnectionKeys {
  nodes?: string;
  totalCount?: string;
  pageInfo?: string;
  hasNextPage?: string;
  endCursor?: string;
}

/** The fields of a selection set, through inline fragments and fragment spreads. */
function fieldsOf(selections: readonly SelectionNode[], fragments: Map<string, FragmentDefinitionNode>): FieldNode[] {
  return selections.flatMap((s) =>
    s.kind === Kind.FIELD
      ? [s]
      : s.kind === Kind.INLINE_FRAGMENT
        ? fieldsOf(s.selectionSet.selections, fragments)
        : fieldsOf(fragments.get(s.name.value)?.selectionSet.selections ?? [], fragments),
  );
}

const keyOf = (field: FieldNode) => (field.alias ?? field.name).value;

function connectionKeys(field: FieldNode, fragments: Map<string, FragmentDefinitionNode>): ConnectionKeys | null {
  if (!field.selectionSet) return null;
  const keys: ConnectionKeys = {};
  for (const inner of fieldsOf(field.selectionSet.selections, fragments)) {
    const name = inner.name.value;
    if (name === 'nodes' || name === 'totalCount') keys[name] = keyOf(inner);
    if (name === 'pageInfo') {
      keys.pageInfo = keyOf(inner);
      for (const info of fieldsOf(inner.selectionSet?.selections ?? [], fragments))
        if (info.name.value === 'hasNextPage' || info.name.value === 'endCursor') keys[info.name.value] = keyOf(info);
    }
  }
  return Object.keys(keys).length ? keys : null;
}

/** A request's operation and its root fields, worked out once per sent document. */
export const rootFieldsOf = oncePer((document: DocumentNode) => {
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  )!;
  const fragments = new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  const fields: RootField[] = fieldsOf(operation.selectionSet.selections, fragments).map((field) => ({
    key: keyOf(field),
    field,
    connection: field.name.value === '_entities' ? null : connectionKeys(field, fragments),
  }));
  return { operation, fields, entities: fields.some((f) => f.field.name.value === '_entities') };
});

/** An argument's value in this request (variables resolved); undefined when the request does not give it. */
export function argumentValue(field: FieldNode, name: string, variables: Record<string, unknown>): unknown {
  const argument = field.arguments?.find((a) => a.name.value === name);
  return argument ? valueFromASTUntyped(argument.value, variables) : undefined;
}

/** The document with one root field's `first` and `after` set to these values (null: not given). */
export function withPage(
  document: DocumentNode,
  key: string,
  page: { first: number; after: string | null },
): DocumentNode {
  const set = (field: FieldNode): FieldNode => {
    const kept = (field.arguments ?? []).filter((a) => a.name.value !== 'first' && a.name.value !== 'after');
    const arg = (name: string, value: ArgumentNode['value']): ArgumentNode => ({
      kind: Kind.ARGUMENT,
      name: { kind: Kind.NAME, value: name },
      value,
    });
    return {
      ...field,
      arguments: [
        ...kept,
        arg('first', { kind: Kind.INT, value: String(page.first) }),
        ...(page.after === null ? [] : [arg('after', { kind: Kind.STRING, value: page.after })]),
      ],
    };
  };
  const rewrite = (selections: readonly SelectionNode[]): SelectionNode[] =>
    selections.map((s) =>
      s.kind === Kind.FIELD && keyOf(s) === key
        ? set(s)
        : s.kind === Kind.INLINE_FRAGMENT
          ? { ...s, selectionSet: { ...s.selectionSet, selections: rewrite(s.selectionSet.selections) } }
          : s,
    );
  const operation = rootFieldsOf(document).operation;
  const rewritten = {
    ...operation,
    selectionSet: { ...operation.selectionSet, selections: rewrite(operation.selectionSet.selections) },
  };
  // The caller's $first and $after may no longer be used: a subgraph refuses unused variables.
  return withoutUnused(
    { ...document, definitions: document.definitions.map((d) => (d === operation ? rewritten : d)) },
    rewritten,
  );
}

/**
 * The document with each of these connections' `nodes` selecting the row id under ORDER_KEY as well
 * (only a `nodes` selected directly, not through a fragment), so the nodes' rows can merge in id order.
 */
export const withOrderKeys = (document: DocumentNode, keys: ReadonlySet<string>): DocumentNode => {
  const operation = rootFieldsOf(document).operation;
  const orderKey: FieldNode = {
    kind: Kind.FIELD,
    alias: { kind: Kind.NAME, value: ORDER_KEY },
    name: { kind: Kind.NAME, value: 'id' },
  };
  const withKey = (field: FieldNode): FieldNode => ({
    ...field,
    selectionSet: {
      kind: Kind.SELECTION_SET,
      selections: field.selectionSet!.selections.map((s) =>
        s.kind === Kind.FIELD && s.name.value === 'nodes' && s.selectionSet
          ? { ...s, selectionSet: { ...s.selectionSet, selections: [...s.selectionSet.selections, orderKey] } }
          : s,
      ),
    },
  });
  const rewritten = {
    ...operation,
    selectionSet: {
      ...operation.selectionSet,
      selections: operation.selectionSet.selections.map((s) =>
        s.kind === Kind.FIELD && keys.has(keyOf(s)) ? withKey(s) : s,
      ),
    },
  };
  return { ...document, definitions: document.definitions.map((d) => (d === operation ? rewritten : d)) };
};

/** Whether a root field of the operation selects its connection's `nodes` directly (where withOrderKeys adds the key). */
export function selectsNodesDirectly(document: DocumentNode, key: string): boolean {
  return rootFieldsOf(document).operation.selectionSet.selections.some(
    (s) =>
      s.kind === Kind.FIELD &&
      keyOf(s) === key &&
      (s.selectionSet?.selections ?? []).some(
        (n) => n.kind === Kind.FIELD && n.name.value === 'nodes' && n.alias === undefined,
      ),
  );
}
