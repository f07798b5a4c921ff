import {
  getNamedType, isAbstractType, isObjectType, Kind, parse, TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema,
  type FieldNode, type OperationDefinitionNode, type SelectionSetNode, type ValueNode,
} from 'graphql';
import type { Executor } from '@graphql-tools/utils';

/** Subgraphs (join__Graph enum values) that resolve each field, from the supergraph; null = not to be routed. */
type Owners = Map<string, Map<string, ReadonlySet<string> | null>>;

const stringArg = (args: readonly { name: { value: string }; value: ValueNode }[] | undefined, name: string) => {
  const value = args?.find((a) => a.name.value === name)?.value;
  return value?.kind === Kind.STRING || value?.kind === Kind.ENUM ? value.value : undefined;
};

/**
 * Which subgraphs can resolve each field on their own: a field with @join__field entries belongs to
 * their graphs (not those marking it external, and none at all if it @requires fields or is being
 * progressively overridden); a field without belongs to every graph of its type.
 */
function fieldOwners(supergraphSdl: string): Owners {
  const owners: Owners = new Map();
  for (const def of parse(supergraphSdl).definitions) {
    if (def.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
    const typeGraphs = new Set((def.directives ?? []).filter((d) => d.name.value === 'join__type').map((d) => stringArg(d.arguments, 'graph')!).filter(Boolean));
    const fields = new Map<string, ReadonlySet<string> | null>();
    for (const field of def.fields ?? []) {
      const joins = (field.directives ?? []).filter((d) => d.name.value === 'join__field');
      if (!joins.length) {
        fields.set(field.name.value, typeGraphs);
        continue;
      }
      const complex = joins.some((j) => j.arguments?.some((a) => ['requires', 'overrideLabel', 'contextArguments'].includes(a.name.value)));
      const graphs = joins
        .filter((j) => !j.arguments?.some((a) => (a.name.value === 'external' || a.name.value === 'usedOverridden') && a.value.kind === Kind.BOOLEAN && a.value.value))
        .map((j) => stringArg(j.arguments, 'graph'))
        .filter((g): g is string => g !== undefined);
      fields.set(field.name.value, complex || !graphs.length ? null : new Set(graphs));
    }
    owners.set(def.name.value, fields);
  }
  return owners;
}

export interface SingleSubgraphRoute {
  subgraph: string;
  executor: Executor;
}

/**
 * The query planner's simplest plan: a query every field of which one subgraph resolves by itself is
 * sent to that subgraph as it is (one fetch, no entity joins), instead of being taken apart and
 * stitched back together. Anything else (mutations, abstract types, legacy-stitched fields, fields of
 * several subgraphs) takes the general path.
 */
export class SingleSubgraphRouter {
  private readonly owners: Owners;
  private readonly routes = new WeakMap<OperationDefinitionNode, SingleSubgraphRoute | null>();

  /** `executors` by join__Graph enum value (e.g. STAFFING). */
  constructor(supergraphSdl: string, private readonly executors: ReadonlyMap<string, { subgraph: string; executor: Executor }>) {
    this.owners = fieldOwners(supergraphSdl);
  }

  /** The one subgraph that can answer the operation alone, or null. Decided once per parsed operation. */
  route(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): SingleSubgraphRoute | null {
    if (this.routes.has(operation)) return this.routes.get(operation)!;
    const route = this.decide(schema, document, operation);
    this.routes.set(operation, route);
    return route;
  }

  private decide(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): SingleSubgraphRoute | null {
    if (operation.operation !== 'query') return null;
    let candidates: Set<string> | null = null;
    let routable = true;
    const typeInfo = new TypeInfo(schema);
    const fragments = document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION);
    visit({ kind: Kind.DOCUMENT, definitions: [operation, ...fragments] }, visitWithTypeInfo(typeInfo, {
      Field: (node) => {
        if (!routable) return false;
        if (node.name.value === '__typename') return undefined;
        const parent = typeInfo.getParentType();
        const named = typeInfo.getType() ? getNamedType(typeInfo.getType()) : null;
        if (!parent || !isObjectType(parent) || node.name.value.startsWith('__') || (named && isAbstractType(named))) {
          routable = false;
          return false;
        }
        const owners = this.owners.get(parent.name)?.get(node.name.value);
        if (!owners) {
          routable = false;
          return false;
        }
        candidates = candidates === null ? new Set(owners) : new Set([...candidates].filter((g) => owners.has(g)));
        if (!candidates.size) routable = false;
        return undefined;
      },
      InlineFragment: (node) => {
        const condition = node.typeCondition ? schema.getType(node.typeCondition.name.value) : null;
        if (condition && !isObjectType(condition)) routable = false;
      },
      FragmentDefinition: (node) => {
        if (!isObjectType(schema.getType(node.typeCondition.name.value))) routable = false;
      },
    }));
    if (!routable || candidates === null) return null;
    for (const graph of candidates as Set<string>) {
      const target = this.executors.get(graph);
      if (target) return target;
    }
    return null;
  }
}

const routers = new WeakMap<GraphQLSchema, SingleSubgraphRouter>();

export function attachRouter(schema: GraphQLSchema, router: SingleSubgraphRouter): void {
  routers.set(schema, router);
}

export function routerOf(schema: GraphQLSchema): SingleSubgraphRouter | undefined {
  return routers.get(schema);
}

/**
 * The document as one subgraph must receive it: only the named fragments and variables it still uses
 * (deciding access may have cut the fields that used them, and a subgraph validates what it gets).
 */
export function withoutUnused(document: DocumentNode, operation: OperationDefinitionNode): DocumentNode {
  const fragments = new Map(document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  const usedFragments = new Set<string>();
  const usedVariables = new Set<string>();
  const walk = (node: object) => visit(node as DocumentNode, {
    FragmentSpread: (spread) => {
      if (usedFragments.has(spread.name.value)) return;
      usedFragments.add(spread.name.value);
      const fragment = fragments.get(spread.name.value);
      if (fragment) walk(fragment);
    },
    Variable: (variable) => void usedVariables.add(variable.name.value),
  });
  walk(operation.selectionSet);
  for (const directive of operation.directives ?? []) walk(directive);
  return {
    kind: Kind.DOCUMENT,
    definitions: [
      { ...operation, variableDefinitions: operation.variableDefinitions?.filter((v) => usedVariables.has(v.variable.name.value)) },
      ...[...fragments.values()].filter((f) => usedFragments.has(f.name.value)),
    ],
  };
}

/** The field of the caller's document a response path leads to (through aliases and fragments), for error locations. */
export function fieldAt(document: DocumentNode, operation: OperationDefinitionNode, path: ReadonlyArray<string | number>): FieldNode | undefined {
  const fragments = new Map(document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  const find = (set: SelectionSetNode | undefined, key: string): FieldNode | undefined => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD && (selection.alias ?? selection.name).value === key) return selection;
      const inner = selection.kind === Kind.INLINE_FRAGMENT ? selection.selectionSet : selection.kind === Kind.FRAGMENT_SPREAD ? fragments.get(selection.name.value)?.selectionSet : undefined;
      const found = inner && find(inner, key);
      if (found) return found;
    }
    return undefined;
  };
  let set: SelectionSetNode | undefined = operation.selectionSet;
  let field: FieldNode | undefined;
  for (const key of path) {
    if (typeof key === 'number') continue;
    field = find(set, key);
    if (!field) return undefined;
    set = field.selectionSet;
  }
  return field;
}
