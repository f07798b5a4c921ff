import { filterSchema, pruneSchema } from '@graphql-tools/utils';
import {
  GraphQLError,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FieldNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionNode,
} from 'graphql';

import { ErrorCode, statusOf } from '../../../common/errors';
import type { Level } from '../../policy/levels';
import { readableAt, type SchemaRules } from '../../policy/schema-rules';
import { fragmentsOf } from '../operation/operation-walk';

/**
 * The production option SCHEMA_HIDE_ABOVE_CLEARANCE: a caller learns nothing of fields it can never
 * read (neither in clear nor masked). Introspection shows the schema cut to the caller's clearance;
 * asking for a hidden field fails exactly like asking for a field that does not exist; and no error
 * suggests field names ("did you mean"), since a suggestion could name a hidden field.
 */

/** The schema as a caller of this clearance may see it: hidden fields, and types left empty, removed. */
export function visibleSchema(schema: GraphQLSchema, rules: SchemaRules, clearance: Level): GraphQLSchema {
  const keep = (type: string, field: string) => readableAt(rules.rule(type, field), clearance);
  return pruneSchema(filterSchema({ schema, objectFieldFilter: keep, interfaceFieldFilter: keep }));
}

/** The same error (message, location, code, status) graphql-js gives for an unknown field, without suggestions. */
const noSuchField = (node: FieldNode, type: string) =>
  new GraphQLError(`Cannot query field "${node.name.value}" on type "${type}".`, {
    nodes: [node],
    extensions: {
      code: ErrorCode.GRAPHQL_VALIDATION_FAILED,
      http: { status: statusOf(ErrorCode.GRAPHQL_VALIDATION_FAILED) },
    },
  });

/** The first field of the document this caller may not see, as the error an unknown field gives; null when none. */
export function firstHiddenField(
  schema: GraphQLSchema,
  rules: SchemaRules,
  clearance: Level,
  document: DocumentNode,
): GraphQLError | null {
  const typeInfo = new TypeInfo(schema);
  let hidden: GraphQLError | null = null;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        if (hidden || !parent || node.name.value.startsWith('__') || isIntrospectionType(parent)) return;
        if (
          (isObjectType(parent) || isInterfaceType(parent)) &&
          !readableAt(rules.rule(parent.name, node.name.value), clearance)
        ) {
          hidden = noSuchField(node, parent.name);
        }
      },
    }),
  );
  return hidden;
}

const INTROSPECTION_ROOTS = new Set(['__schema', '__type']);

/** Which kinds of root field an operation selects (through fragments too): introspection, data, or both. */
export function rootFields(
  operation: OperationDefinitionNode,
  document: DocumentNode,
): { introspection: boolean; data: boolean } {
  const fragments = fragmentsOf(document);
  const found = { introspection: false, data: false };
  const walk = (selections: readonly SelectionNode[], seen: Set<string>) => {
    for (const s of selections) {
      if (s.kind === Kind.FIELD) {
        if (INTROSPECTION_ROOTS.has(s.name.value)) found.introspection = true;
        else if (s.name.value !== '__typename') found.data = true;
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        walk(s.selectionSet.selections, seen);
      } else if (!seen.has(s.name.value)) {
        const fragment = fragments.get(s.name.value);
        if (fragment) walk(fragment.selectionSet.selections, new Set([...seen, s.name.value]));
      }
    }
  };
  walk(operation.selectionSet.selections, new Set());
  return found;
}
