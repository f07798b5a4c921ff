import {
  GraphQLError,
  isAbstractType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

import { cachedIn, oncePer } from '../../../common/cached';
import { ErrorCode } from '../../../common/errors';
import { collectFields, fragmentApplies, fragmentsOf } from '../operation/operation-walk';
import { CONCRETE_TYPE_KEY } from './planner-keys';

const INVALID = Symbol('invalid');

/** A response path as a chain (as graphql-js keeps it): made into an array only for an error. */
interface Path {
  readonly prev: Path | undefined;
  readonly key: string | number;
}
const pathArray = (path: Path | undefined): Array<string | number> => {
  const keys: Array<string | number> = [];
  for (let at = path; at; at = at.prev) keys.push(at.key);
  return keys.reverse();
};

/** The fields an object of a type answers for a selection set, per document (documents are reused). */
const collected = oncePer(
  (_document: DocumentNode) => new WeakMap<SelectionSetNode, Map<GraphQLObjectType, FieldNode[]>>(),
);

/**
 * Checks an answer assembled from subgraph JSON against the schema, as graphql-js completes values:
 * every leaf must serialize as its type (a subgraph answering "abc" for a Float gets a field error,
 * not a pass), a null where the schema promises a value nulls the nearest nullable parent, and every
 * object's fields come in the order the operation selects them (answers merged from several subgraphs
 * otherwise come in the order they arrived). Returns the completed answer (null when a root field that
 * promises a value has none) and the errors.
 */
export function completeValues(
  schema: GraphQLSchema,
  document: DocumentNode,
  data: Record<string, unknown>,
  reported: ReadonlyArray<{ path?: ReadonlyArray<string | number> | undefined }> = [],
): { data: Record<string, unknown> | null; errors: GraphQLError[] } {
  // A null a subgraph already explained (an error at that path or below) is not reported twice.
  const explained = new Set(
    reported.flatMap((e) => (e.path ? e.path.map((_, i) => e.path!.slice(0, i + 1).join('.')) : [])),
  );
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const root = schema.getQueryType();
  if (!operation || !root) return { data, errors: [] };
  const fragments = fragmentsOf(document);
  const errors: GraphQLError[] = [];
  const bySet = collected(document);

  /** The fields an object of `type` answers, one per response key. */
  const fieldsOf = (type: GraphQLObjectType, set: SelectionSetNode): FieldNode[] =>
    cachedIn(
      cachedIn(bySet, set, () => new Map<GraphQLObjectType, FieldNode[]>()),
      type,
      () =>
        collectFields(set.selections, fragments, (fragment) => fragmentApplies(schema, fragment.typeCondition, type)),
    );
  const isExplained = (path: Path | undefined) => explained.size > 0 && explained.has(pathArray(path).join('.'));

  const complete = (type: GraphQLOutputType, value: unknown, node: FieldNode, path: Path | undefined): unknown => {
    if (isNonNullType(type)) {
      const inner = complete(type.ofType, value, node, path);
      if (inner === null || inner === INVALID) {
        if (inner === null && (value === null || value === undefined) && !isExplained(path)) {
          errors.push(
            new GraphQLError(`${node.name.value} has no valid value in its subgraph's answer`, {
              nodes: [node],
              path: pathArray(path),
              extensions: { code: ErrorCode.SUBGRAPH_UNAVAILABLE },
            }),
          );
        }
        return INVALID;
      }
      return inner;
    }
    if (value === null || value === undefined) return null;
    if (isListType(type)) {
      if (!Array.isArray(value)) {
        errors.push(
          new GraphQLError(`Expected a list for ${node.name.value}.`, { nodes: [node], path: pathArray(path) }),
        );
        return null;
      }
      const items = new Array<unknown>(value.length);
      for (let i = 0; i < value.length; i++) {
        const item = complete(type.ofType, value[i], node, { prev: path, key: i });
        if (item === INVALID) return null;
        items[i] = item;
      }
      return items;
    }
    if (isLeafType(type)) {
      try {
        return type.serialize(value);
      } catch (error) {
        errors.push(new GraphQLError((error as Error).message, { nodes: [node], path: pathArray(path) }));
        return null;
      }
    }
    if (typeof value !== 'object' || !node.selectionSet) return value;
    const object = value as Record<string, unknown>;
    // An abstract position's object is completed as the type the planner asked its subgraph for (CONCRETE_TYPE_KEY).
    const runtime = isAbstractType(type) ? schema.getType(String(object[CONCRETE_TYPE_KEY])) : type;
    if (!isObjectType(runtime) || (isAbstractType(type) && !schema.isSubType(type, runtime))) {
      if (!isExplained(path))
        errors.push(
          new GraphQLError(`${node.name.value}: its subgraph did not answer which ${type.name} it is`, {
            nodes: [node],
            path: pathArray(path),
            extensions: { code: ErrorCode.SUBGRAPH_UNAVAILABLE },
          }),
        );
      return null;
    }
    // An object with a broken non-null field is null itself; a non-null position above turns that into INVALID.
    return completeObject(runtime, object, node.selectionSet, path);
  };

  const completeObject = (
    type: GraphQLObjectType,
    object: Record<string, unknown>,
    set: SelectionSetNode,
    path: Path | undefined,
  ): Record<string, unknown> | null => {
    const fields = type.getFields();
    const out: Record<string, unknown> = {};
    for (const node of fieldsOf(type, set)) {
      const key = (node.alias ?? node.name).value;
      // The gateway knows the type it completes (a subgraph with an @interfaceObject answers the interface's name).
      if (node.name.value === '__typename') {
        out[key] = type.name;
        continue;
      }
      if (!(key in object)) continue;
      const definition = fields[node.name.value];
      if (!definition) {
        out[key] = object[key];
        continue;
      }
      const completed = complete(definition.type, object[key], node, { prev: path, key });
      if (completed === INVALID) return null;
      out[key] = completed;
    }
    return out;
  };

  return { data: completeObject(root, data, operation.selectionSet, undefined), errors };
}
