import {
  getArgumentValues,
  getNamedType,
  isAbstractType,
  isCompositeType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

import type { ListSizeRule } from '../../policy/policy-model';
import { fragmentsOf, isIncluded } from '../operation/operation-walk';
import type { CostModel } from './cost-model';

/** The size a connection's @listSize gives to its sizedFields (e.g. nodes). */
interface Sized {
  fields: readonly string[];
  size: number;
}

function listDepth(type: GraphQLOutputType): number {
  let depth = 0;
  for (let t = type; ;) {
    if (isNonNullType(t)) t = t.ofType;
    else if (isListType(t)) {
      depth++;
      t = t.ofType;
    } else return depth;
  }
}

/** The slicing arguments' value (the largest given; a list argument counts its items), or null. */
function slicedSize(
  rule: ListSizeRule | undefined,
  field: GraphQLField<unknown, unknown>,
  node: FieldNode,
  variables: Record<string, unknown>,
): number | null {
  if (!rule?.slicingArguments) return null;
  let values: Record<string, unknown>;
  try {
    values = getArgumentValues(field, node, variables);
  } catch {
    return null; // bad argument values: execution reports them
  }
  let size: number | null = null;
  for (const name of rule.slicingArguments) {
    const value = values[name];
    const n = Array.isArray(value) ? value.length : typeof value === 'number' ? value : null;
    if (n !== null) size = Math.max(size ?? 0, n);
  }
  return size;
}

/** A selection @skip or @include leaves out will not run, so it costs nothing. */
const included = isIncluded;

/**
 * The estimated cost of an operation with its variables, by @cost / @listSize semantics: objects weigh
 * 1, scalars 0, root mutation fields `mutationWeight`, a list multiplies what it holds by its size.
 * Fragments on different concrete types of an abstract field cost the most expensive of them, not their
 * sum (one object is only ever one type). Each fragment is weighed once per context, so a document
 * of fragments spreading fragments is weighed in time linear in its length.
 */
export function operationCost(
  schema: GraphQLSchema,
  model: CostModel,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): number {
  const { defaultListSize, mutationWeight } = model.settings;
  const fragments = fragmentsOf(document);
  const weighed = new Map<string, number>();

  const fieldCost = (
    node: FieldNode,
    parent: GraphQLCompositeType,
    sized: Sized | null,
    mutationRoot: boolean,
  ): number => {
    if (node.name.value.startsWith('__') || !(isObjectType(parent) || isInterfaceType(parent))) return 0;
    const field = parent.getFields()[node.name.value];
    if (!field) return 0;
    const coordinate = `${parent.name}.${field.name}`;
    const named = getNamedType(field.type);
    let weight =
      model.weights.get(coordinate) ??
      model.weights.get(named.name) ??
      (mutationRoot ? mutationWeight : isCompositeType(named) ? 1 : 0);
    for (const arg of node.arguments ?? []) weight += model.weights.get(`${coordinate}(${arg.name.value})`) ?? 0;

    const rule = model.listSizes.get(coordinate);
    const sliced = slicedSize(rule, field, node, variables);
    const ownSize = sliced ?? rule?.assumedSize ?? defaultListSize;
    const childSized = rule?.sizedFields ? { fields: rule.sizedFields, size: ownSize } : null;
    const depth = listDepth(field.type);
    let multiplier = 1;
    if (depth > 0) {
      const outer = sized?.fields.includes(field.name)
        ? sized.size
        : rule?.sizedFields
          ? (rule.assumedSize ?? defaultListSize)
          : ownSize;
      // A list of lists: each inner list is assumed of the default size.
      multiplier = outer * defaultListSize ** (depth - 1);
    }
    const children =
      node.selectionSet && isCompositeType(named) ? setCost(node.selectionSet, named, childSized, false) : 0;
    return multiplier * (weight + children);
  };

  const setCost = (
    set: SelectionSetNode,
    parent: GraphQLCompositeType,
    sized: Sized | null,
    mutationRoot: boolean,
  ): number => {
    let always = 0;
    const byType = new Map<string, number>();
    for (const selection of set.selections) {
      if (!included(selection, variables)) continue;
      if (selection.kind === Kind.FIELD) {
        always += fieldCost(selection, parent, sized, mutationRoot);
        continue;
      }
      let condition: string;
      let cost: number;
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        condition = selection.typeCondition?.name.value ?? parent.name;
        const type = schema.getType(condition);
        cost = isCompositeType(type) ? setCost(selection.selectionSet, type, sized, mutationRoot) : 0;
      } else {
        const fragment = fragments.get(selection.name.value);
        if (!fragment) continue;
        condition = fragment.typeCondition.name.value;
        const key = `${fragment.name.value}|${sized ? `${sized.fields.join(',')}:${sized.size}` : ''}|${mutationRoot}`;
        let known = weighed.get(key);
        if (known === undefined) {
          weighed.set(key, 0); // a cycle (refused by validation) adds nothing
          const type = schema.getType(condition);
          known = isCompositeType(type) ? setCost(fragment.selectionSet, type, sized, mutationRoot) : 0;
          weighed.set(key, known);
        }
        cost = known;
      }
      const type = schema.getType(condition);
      // On the parent's own type, or an abstract type around it: always applies. On one concrete type: one of the alternatives.
      if (condition === parent.name || isAbstractType(type)) always += cost;
      else byType.set(condition, (byType.get(condition) ?? 0) + cost);
    }
    return always + Math.max(0, ...byType.values());
  };

  const root = schema.getRootType(operation.operation);
  return root ? setCost(operation.selectionSet, root, null, operation.operation === 'mutation') : 0;
}
