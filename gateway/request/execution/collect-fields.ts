import {
  isAbstractType,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLSchema,
  type InlineFragmentNode,
  type NamedTypeNode,
  type SelectionNode,
} from 'graphql';

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
