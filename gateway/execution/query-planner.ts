import {
  getNamedType, isAbstractType, isObjectType, Kind, parse, TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema,
  type FieldNode, type FragmentDefinitionNode, type GraphQLObjectType, type OperationDefinitionNode, type SelectionNode, type SelectionSetNode, type ValueNode,
} from 'graphql';
import type { Executor } from '@graphql-tools/utils';

/** Subgraphs (join__Graph enum values) that resolve each field, from the supergraph; null = not to be planned here. */
type Owners = Map<string, Map<string, ReadonlySet<string> | null>>;
/** Entity keys: type → graph → key field names (simple, resolvable keys only). */
type Keys = Map<string, Map<string, readonly string[]>>;

const stringArg = (args: readonly { name: { value: string }; value: ValueNode }[] | undefined, name: string) => {
  const value = args?.find((a) => a.name.value === name)?.value;
  return value?.kind === Kind.STRING || value?.kind === Kind.ENUM ? value.value : undefined;
};

/**
 * Which subgraphs can resolve each field on their own: a field with @join__field entries belongs to
 * their graphs (not those marking it external, and none at all if it @requires fields or is being
 * progressively overridden); a field without belongs to every graph of its type.
 */
function readSupergraph(supergraphSdl: string): { owners: Owners; keys: Keys } {
  const owners: Owners = new Map();
  const keys: Keys = new Map();
  for (const def of parse(supergraphSdl).definitions) {
    if (def.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
    const typeKeys = new Map<string, readonly string[]>();
    for (const join of (def.directives ?? []).filter((d) => d.name.value === 'join__type')) {
      const graph = stringArg(join.arguments, 'graph');
      const key = stringArg(join.arguments, 'key');
      const resolvable = join.arguments?.find((a) => a.name.value === 'resolvable')?.value;
      if (!graph || !key || (resolvable?.kind === Kind.BOOLEAN && !resolvable.value) || typeKeys.has(graph)) continue;
      // Compound keys of plain fields only ("id", "code region"); nested keys take the general path.
      if (/^[_A-Za-z][_0-9A-Za-z]*( +[_A-Za-z][_0-9A-Za-z]*)*$/.test(key.trim())) typeKeys.set(graph, key.trim().split(/ +/));
    }
    keys.set(def.name.value, typeKeys);
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
  return { owners, keys };
}

/** One request to one subgraph: its selections, and the entity fetches that hang off its answer. */
export interface Fetch {
  graph: string;
  selections: SelectionNode[];
  dependents: EntityFetch[];
}

/** Entities of `typeName` found at `path` (response keys from the parent fetch's root, through lists), completed by another subgraph. */
export interface EntityFetch {
  path: readonly string[];
  typeName: string;
  keyFields: readonly string[];
  fetch: Fetch;
}

/** Root fetches (one per subgraph the root fields come from), run at once. */
export interface QueryPlan {
  roots: Fetch[];
  /** Response keys of __typename at the root: the gateway answers them without asking anyone. */
  rootTypenames: string[];
}

/** Response keys the planner adds for the entity keys it needs; dropped from the answer. */
export const KEY_PREFIX = '__govgraph_key_';

class NotPlannable extends Error {}

const responseKey = (field: FieldNode) => (field.alias ?? field.name).value;

/**
 * A small query planner for the common shapes: fields resolved by the subgraph already being asked, and
 * entity fields of other subgraphs fetched by key (`_entities`), one request per subgraph per entity
 * position, all positions of a level at once. Anything else (mutations, abstract types, @requires,
 * progressive overrides, nested keys, directives on fragments, stitched legacy fields) takes the
 * general path (delegation and stitching).
 */
export class QueryPlanner {
  private readonly owners: Owners;
  private readonly keys: Keys;
  private readonly plannable = new WeakMap<OperationDefinitionNode, boolean>();

  /** `executors` by join__Graph enum value (e.g. STAFFING). */
  constructor(supergraphSdl: string, readonly executors: ReadonlyMap<string, { subgraph: string; executor: Executor }>) {
    ({ owners: this.owners, keys: this.keys } = readSupergraph(supergraphSdl));
  }

  /** Whether the client's operation is of a shape this planner takes (decided once per parsed operation). */
  accepts(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): boolean {
    let known = this.plannable.get(operation);
    if (known === undefined) this.plannable.set(operation, (known = this.shapeIsPlannable(schema, document, operation)));
    return known;
  }

  private shapeIsPlannable(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): boolean {
    if (operation.operation !== 'query') return false;
    let plannable = true;
    const typeInfo = new TypeInfo(schema);
    const fragments = document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION);
    visit({ kind: Kind.DOCUMENT, definitions: [operation, ...fragments] }, visitWithTypeInfo(typeInfo, {
      Field: (node) => {
        if (!plannable) return false;
        if (node.name.value === '__typename') return undefined;
        const parent = typeInfo.getParentType();
        const type = typeInfo.getType();
        if (!parent || !isObjectType(parent) || node.name.value.startsWith('__') || (type && isAbstractType(getNamedType(type))) || !this.owners.get(parent.name)?.get(node.name.value)) {
          plannable = false;
          return false;
        }
        return undefined;
      },
      InlineFragment: (node) => {
        const condition = node.typeCondition ? schema.getType(node.typeCondition.name.value) : null;
        if ((condition && !isObjectType(condition)) || node.directives?.length) plannable = false;
      },
      FragmentSpread: (node) => {
        if (node.directives?.length) plannable = false;
      },
      FragmentDefinition: (node) => {
        if (!isObjectType(schema.getType(node.typeCondition.name.value))) plannable = false;
      },
    }));
    return plannable;
  }

  /** The fetches for a document as access planning left it (the caller's fields, less what was withheld); null = general path. */
  plan(schema: GraphQLSchema, planned: DocumentNode): QueryPlan | null {
    const operation = planned.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    const query = schema.getQueryType();
    if (!operation || !query) return null;
    const fragments = new Map(planned.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
    try {
      const roots = new Map<string, Fetch>();
      const rootTypenames: string[] = [];
      for (const field of this.flatten(query, operation.selectionSet, fragments)) {
        if (field.name.value === '__typename') {
          rootTypenames.push(responseKey(field));
          continue;
        }
        const owners = this.owners.get(query.name)?.get(field.name.value);
        const graph = owners && [...roots.keys(), ...owners].find((g) => owners.has(g) && this.executors.has(g));
        if (!graph) throw new NotPlannable();
        let root = roots.get(graph);
        if (!root) roots.set(graph, (root = { graph, selections: [], dependents: [] }));
        root.selections.push(...this.split(schema, graph, query, [field], [], root.dependents, fragments));
      }
      return { roots: [...roots.values()], rootTypenames };
    } catch (error) {
      if (error instanceof NotPlannable) return null;
      throw error;
    }
  }

  /** The fields of a selection set, fragments (on this very type, without directives) inlined. */
  private flatten(type: GraphQLObjectType, set: SelectionSetNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>): FieldNode[] {
    return set.selections.flatMap((selection) => {
      if (selection.kind === Kind.FIELD) return [selection];
      const inner = selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments.get(selection.name.value);
      if (!inner || selection.directives?.length || (inner.typeCondition && inner.typeCondition.name.value !== type.name)) throw new NotPlannable();
      return this.flatten(type, inner.selectionSet, fragments);
    });
  }

  /** The selections `graph` answers at this position; fields of other subgraphs become entity fetches in `dependents`. */
  private split(schema: GraphQLSchema, graph: string, type: GraphQLObjectType, fields: readonly FieldNode[], path: readonly string[], dependents: EntityFetch[], fragments: ReadonlyMap<string, FragmentDefinitionNode>): SelectionNode[] {
    const out: SelectionNode[] = [];
    for (const field of fields) {
      if (field.name.value === '__typename') {
        out.push(field);
        continue;
      }
      const owners = this.owners.get(type.name)?.get(field.name.value);
      const definition = type.getFields()[field.name.value];
      if (!owners || !definition) throw new NotPlannable();
      const named = getNamedType(definition.type);
      if (owners.has(graph)) {
        if (!field.selectionSet) {
          out.push(field);
          continue;
        }
        if (!isObjectType(named)) throw new NotPlannable();
        const inner = this.split(schema, graph, named, this.flatten(named, field.selectionSet, fragments), [...path, responseKey(field)], dependents, fragments);
        out.push({ ...field, selectionSet: { kind: Kind.SELECTION_SET, selections: inner } });
        continue;
      }
      // Another subgraph's field of an entity: fetched from it by the key this subgraph can give.
      const mine = this.keys.get(type.name)?.get(graph);
      const target = [...owners].find((g) => this.executors.has(g) && this.keys.get(type.name)?.get(g)?.every((k) => this.owners.get(type.name)?.get(k)?.has(graph)));
      if (!mine || !target) throw new NotPlannable();
      const keyFields = this.keys.get(type.name)!.get(target)!;
      let dependent = dependents.find((d) => d.fetch.graph === target && d.typeName === type.name && d.path.join('.') === path.join('.'));
      if (!dependent) {
        dependent = { path, typeName: type.name, keyFields, fetch: { graph: target, selections: [], dependents: [] } };
        dependents.push(dependent);
        for (const key of keyFields) out.push(aliased(`${KEY_PREFIX}${key}`, key));
      }
      dependent.fetch.selections.push(...this.split(schema, target, type, [field], [], dependent.fetch.dependents, fragments));
    }
    return out;
  }
}

/** `alias: name`, a field the planner adds. */
function aliased(alias: string, name: string): FieldNode {
  return { kind: Kind.FIELD, alias: { kind: Kind.NAME, value: alias }, name: { kind: Kind.NAME, value: name } };
}

const planners = new WeakMap<GraphQLSchema, QueryPlanner>();

export function attachPlanner(schema: GraphQLSchema, planner: QueryPlanner): void {
  planners.set(schema, planner);
}

export function plannerOf(schema: GraphQLSchema): QueryPlanner | undefined {
  return planners.get(schema);
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
