import {
  getNamedType, isAbstractType, isObjectType, Kind, TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema,
  type FieldNode, type FragmentDefinitionNode, type GraphQLObjectType, type OperationDefinitionNode, type SelectionNode, type SelectionSetNode,
} from 'graphql';
import type { Executor } from '@graphql-tools/utils';
import { collectFields } from './collect-fields';
import { readSupergraph, type SupergraphModel } from './supergraph-model';

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
  /**
   * The entity's fields the target @requires, sent in each representation: the planner selects them
   * (under REQUIRED_PREFIX response keys) from whichever subgraphs resolve them, and this fetch waits
   * for the fetches that fill them in. Empty for a plain fetch by key.
   */
  requires: FieldNode[];
  waitsFor: EntityFetch[];
  fetch: Fetch;
}

/** Root fetches (one per subgraph the root fields come from), run at once. */
export interface QueryPlan {
  roots: Fetch[];
  /** Response keys of __typename at the root: the gateway answers them without asking anyone. */
  rootTypenames: string[];
}

/** Response keys the planner adds for the entity keys it needs; not part of the answer. */
export const KEY_PREFIX = '__govgraph_key_';
/** Response keys of the fields an entity fetch @requires; not part of the answer either. */
export const REQUIRED_PREFIX = '__govgraph_required_';

/** While planning: the fragments, and the entity fetches that receive selections, for fetches that wait on them. */
interface PlanContext {
  fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  /** Open collections of the fetches that received selections (planning a @requires field set). */
  receivers: Array<Set<EntityFetch>>;
  /** Whether each progressive override is on for this request (drawn once per field coordinate). */
  overrides: Map<string, boolean>;
}

class NotPlannable extends Error {}

const responseKey = (field: FieldNode) => (field.alias ?? field.name).value;

/**
 * The query planner for object types: fields resolved by the subgraph already being asked (its own,
 * or provided there by @provides), and entity fields of other subgraphs fetched by key (`_entities`),
 * one request per subgraph per entity position, all positions of a level at once; @requires fields
 * after the fetches that fill what they require; overrides (progressive ones drawn per request).
 * Anything else (mutations, abstract types, @interfaceObject, nested keys, directives other than
 * @skip/@include, stitched legacy fields) takes the general path (delegation and stitching).
 */
export class QueryPlanner {
  private readonly model: SupergraphModel;
  private readonly plannable = new WeakMap<OperationDefinitionNode, boolean>();
  private readonly requiring = new WeakMap<OperationDefinitionNode, boolean>();

  /** `executors` by join__Graph enum value (e.g. STAFFING). */
  constructor(supergraphSdl: string, readonly executors: ReadonlyMap<string, { subgraph: string; executor: Executor }>) {
    this.model = readSupergraph(supergraphSdl);
  }

  /** Whether the client's operation is of a shape this planner takes (decided once per parsed operation). */
  accepts(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): boolean {
    let known = this.plannable.get(operation);
    if (known === undefined) this.plannable.set(operation, (known = this.shapeIsPlannable(schema, document, operation)));
    return known;
  }

  /**
   * Whether the operation selects a @requires field: graphql-tools' stitching crashes the process on
   * some of those (an unhandled rejection in @graphql-tools/delegate's left-over resolution, seen
   * with `{ trips { traveller { id } allowance } }`), so they are only ever fetched by plan.
   */
  selectsRequiredFields(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): boolean {
    let known = this.requiring.get(operation);
    if (known === undefined) {
      known = false;
      const typeInfo = new TypeInfo(schema);
      const fragments = document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION);
      visit({ kind: Kind.DOCUMENT, definitions: [operation, ...fragments] }, visitWithTypeInfo(typeInfo, {
        Field: (node) => {
          const parent = typeInfo.getParentType();
          if (parent && this.model.requires.has(`${parent.name}.${node.name.value}`)) known = true;
        },
      }));
      this.requiring.set(operation, known);
    }
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
        if (!parent || !isObjectType(parent) || node.name.value.startsWith('__') || (type && isAbstractType(getNamedType(type))) || !this.model.owners.get(parent.name)?.get(node.name.value)) {
          plannable = false;
          return false;
        }
        return undefined;
      },
      // @skip and @include are decided by access planning, which leaves them out of the document planned.
      InlineFragment: (node) => {
        const condition = node.typeCondition ? schema.getType(node.typeCondition.name.value) : null;
        if ((condition && !isObjectType(condition)) || !onlyConditions(node.directives)) plannable = false;
      },
      FragmentSpread: (node) => {
        if (!onlyConditions(node.directives)) plannable = false;
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
    const context: PlanContext = { fragments: new Map(planned.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d])), receivers: [], overrides: new Map() };
    try {
      const roots = new Map<string, Fetch>();
      const rootTypenames: string[] = [];
      for (const field of this.flatten(query, operation.selectionSet, context)) {
        if (field.name.value === '__typename') {
          rootTypenames.push(responseKey(field));
          continue;
        }
        const owners = this.ownersOf(query, field, context);
        const graph = owners && [...roots.keys(), ...owners].find((g) => owners.has(g) && this.executors.has(g));
        if (!graph) throw new NotPlannable();
        let root = roots.get(graph);
        if (!root) roots.set(graph, (root = { graph, selections: [], dependents: [] }));
        root.selections.push(...this.split(graph, query, [field], [], root.dependents, context, null));
      }
      return { roots: [...roots.values()], rootTypenames };
    } catch (error) {
      if (error instanceof NotPlannable) return null;
      throw error;
    }
  }

  /**
   * The fields of a selection set, fragments (on this very type, without directives) inlined, and the
   * fields of one response key merged into one (their selections together), as execution collects them.
   */
  private flatten(type: GraphQLObjectType, set: SelectionSetNode, context: PlanContext): FieldNode[] {
    return collectFields(set.selections, context.fragments, (fragment, spread) => {
      if (spread.directives?.length || (fragment.typeCondition && fragment.typeCondition.name.value !== type.name)) throw new NotPlannable();
      return true;
    });
  }

  /**
   * The selections `graph` answers at this position; fields of other subgraphs become entity fetches in
   * `dependents`. `provided`: the fields `graph` @provides at this position, resolvable here although
   * they are external to it.
   */
  private split(graph: string, type: GraphQLObjectType, fields: readonly FieldNode[], path: readonly string[], dependents: EntityFetch[], context: PlanContext, provided: SelectionSetNode | null): SelectionNode[] {
    const out: SelectionNode[] = [];
    const providedFields = provided ? this.flatten(type, provided, context) : [];
    for (const field of fields) {
      if (field.name.value === '__typename') {
        out.push(field);
        continue;
      }
      const owners = this.ownersOf(type, field, context);
      if (!owners) throw new NotPlannable();
      const coordinate = `${type.name}.${field.name.value}`;
      const providedHere = providedFields.find((f) => f.name.value === field.name.value);
      // A field this subgraph resolves with what it has (its own, or provided here); a @requires field needs an entity fetch.
      if ((owners.has(graph) && !this.model.requires.get(coordinate)?.has(graph)) || providedHere) {
        out.push(this.resolveHere(graph, type, field, path, dependents, context, providedHere?.selectionSet ?? this.model.provides.get(coordinate)?.get(graph) ?? null));
        continue;
      }
      // Another subgraph's field of an entity: fetched from it by the key this subgraph can give.
      const keys = this.model.keys.get(type.name);
      const mine = keys?.get(graph);
      const target = [...owners].find((g) => this.executors.has(g) && keys?.get(g)?.every((k) => this.model.owners.get(type.name)?.get(k)?.has(graph)));
      if (!mine || !target) throw new NotPlannable();
      const required = this.model.requires.get(coordinate)?.get(target);
      let dependent = dependents.find((d) => d.fetch.graph === target && d.typeName === type.name && d.path.join('.') === path.join('.') && Boolean(d.requires.length) === Boolean(required));
      if (!dependent) {
        const keyFields = keys!.get(target)!;
        dependent = { path, typeName: type.name, keyFields, requires: [], waitsFor: [], fetch: { graph: target, selections: [], dependents: [] } };
        dependents.push(dependent);
        for (const key of keyFields) out.push(aliased(`${KEY_PREFIX}${key}`, key));
      }
      if (required) out.push(...this.planRequired(graph, type, required, path, dependents, context, provided, dependent));
      for (const receivers of context.receivers) receivers.add(dependent);
      dependent.fetch.selections.push(this.resolveHere(target, type, field, [], dependent.fetch.dependents, context, this.model.provides.get(coordinate)?.get(target) ?? null));
    }
    return out;
  }

  /** The graphs that resolve a field in this request (a progressive override decided once per request). */
  private ownersOf(type: GraphQLObjectType, field: FieldNode, context: PlanContext): ReadonlySet<string> | null | undefined {
    const coordinate = `${type.name}.${field.name.value}`;
    const progressive = this.model.progressive.get(coordinate);
    if (progressive) {
      let on = context.overrides.get(coordinate);
      if (on === undefined) context.overrides.set(coordinate, (on = Math.random() * 100 < progressive.percent));
      if (on) return progressive.overriding;
    }
    return this.model.owners.get(type.name)?.get(field.name.value);
  }

  /** A field `graph` resolves itself at this position, its selection split further below. */
  private resolveHere(graph: string, type: GraphQLObjectType, field: FieldNode, path: readonly string[], dependents: EntityFetch[], context: PlanContext, provided: SelectionSetNode | null): FieldNode {
    if (!field.selectionSet) return field;
    const named = getNamedType(type.getFields()[field.name.value]!.type);
    if (!isObjectType(named)) throw new NotPlannable();
    const inner = this.split(graph, named, this.flatten(named, field.selectionSet, context), [...path, responseKey(field)], dependents, context, provided);
    // Everything below went to fetches planned already (their keys selected once): the field still needs a selection.
    return { ...field, selectionSet: { kind: Kind.SELECTION_SET, selections: inner.length ? inner : [{ kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' } }] } };
  }

  /**
   * The fields `dependent` @requires, selected here under REQUIRED_PREFIX keys (from this subgraph, or
   * by further entity fetches, which `dependent` then waits for).
   */
  private planRequired(graph: string, type: GraphQLObjectType, required: SelectionSetNode, path: readonly string[], dependents: EntityFetch[], context: PlanContext, provided: SelectionSetNode | null, dependent: EntityFetch): SelectionNode[] {
    const fields = this.flatten(type, required, context);
    dependent.requires = collectFields([...dependent.requires, ...fields], context.fragments, () => true);
    const receivers = new Set<EntityFetch>();
    context.receivers.push(receivers);
    const hidden = fields.map((f) => ({ ...f, alias: { kind: Kind.NAME, value: `${REQUIRED_PREFIX}${f.name.value}` } }) as FieldNode);
    const selections = this.split(graph, type, hidden, path, dependents, context, provided);
    context.receivers.pop();
    receivers.delete(dependent);
    dependent.waitsFor.push(...[...receivers].filter((r) => !dependent.waitsFor.includes(r)));
    return selections;
  }
}

/** No directives, or only @skip / @include. */
const onlyConditions = (directives: readonly { name: { value: string } }[] | undefined) =>
  !directives || directives.every((d) => d.name.value === 'skip' || d.name.value === 'include');

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
