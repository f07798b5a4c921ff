import {
  getDirectiveValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  isAbstractType,
  Kind,
  visit,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLSchema,
  type InlineFragmentNode,
  type NamedTypeNode,
  type SelectionNode,
} from 'graphql';

import { oncePer } from '../../../common/cached';

/**
 * How every stage walks an operation (access planning, limits and cost, the query planner, value
 * completion, error location): fragments found by name the same way, and @skip / @include decided by one
 * rule over the coerced variables, so no stage sees a different query from the one executed.
 */

/** The document's fragment definitions by name (documents are reused across requests: built once each). */
export const fragmentsOf = oncePer((document: DocumentNode): ReadonlyMap<string, FragmentDefinitionNode> => {
  const byName = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) byName.set(d.name.value, d);
  return byName;
});

/** The variables @skip and @include read anywhere in the document, by name, sorted (found once per document). */
export const conditionVariablesOf = oncePer((document: DocumentNode): readonly string[] => {
  const found = new Set<string>();
  visit(document, {
    Directive(node) {
      if (node.name.value !== 'skip' && node.name.value !== 'include') return;
      for (const argument of node.arguments ?? [])
        if (argument.value.kind === Kind.VARIABLE) found.add(argument.value.name.value);
    },
  });
  return [...found].sort();
});

/**
 * False for a selection @skip(if: true) or @include(if: false) leaves out, with the coerced variables.
 * A variable that cannot be read counts as included: coercion has already refused the request.
 */
export function isIncluded(node: SelectionNode, variables: Record<string, unknown>): boolean {
  try {
    if (getDirectiveValues(GraphQLSkipDirective, node, variables)?.['if'] === true) return false;
    return getDirectiveValues(GraphQLIncludeDirective, node, variables)?.['if'] !== false;
  } catch {
    return true;
  }
}

/**
 * The fields of a selection set by response key, as graphql-js's CollectFields gathers them: fragments
 * entered where `enters` says, and the selections of every field of one key merged into one field, so
 * that `a { x } a { y }` is planned and completed as `a { x y }`. Order is first appearance.
 */
export function collectFields(
  selections: readonly SelectionNode[],
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  enters: (fragment: InlineFragmentNode | FragmentDefinitionNode, spread: SelectionNode) => boolean,
): FieldNode[] {
  const byKey = new Map<string, FieldNode>();
  const collect = (list: readonly SelectionNode[]) => {
    for (const selection of list) {
      if (selection.kind === Kind.FIELD) {
        const key = (selection.alias ?? selection.name).value;
        const known = byKey.get(key);
        if (!known) byKey.set(key, selection);
        else if (known.selectionSet && selection.selectionSet) {
          byKey.set(key, {
            ...known,
            selectionSet: {
              ...known.selectionSet,
              selections: [...known.selectionSet.selections, ...selection.selectionSet.selections],
            },
          });
        }
        continue;
      }
      const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments.get(selection.name.value);
      if (fragment && enters(fragment, selection)) collect(fragment.selectionSet.selections);
    }
  };
  collect(selections);
  return [...byKey.values()];
}

/** Whether a fragment on `condition` applies to an object of `type` (no condition, the type itself, or an abstract type it belongs to). */
export function fragmentApplies(
  schema: GraphQLSchema,
  condition: NamedTypeNode | undefined,
  type: GraphQLObjectType,
): boolean {
  if (!condition || condition.name.value === type.name) return true;
  const named = schema.getType(condition.name.value);
  return isAbstractType(named) && schema.isSubType(named, type);
}
