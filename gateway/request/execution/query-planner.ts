import type { Executor } from '@graphql-tools/utils';
import {
  getNamedType,
  isAbstractType,
  isObjectType,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLAbstractType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type InlineFragmentNode,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';

import { collectFields, fragmentApplies, fragmentsOf } from '../operation/operation-walk';
import { CONCRETE_TYPE_KEY, KEY_PREFIX, REQUIRED_PREFIX } from './planner-keys';
import { readSupergraph, type SupergraphModel } from './supergraph-model';

export { KEY_PREFIX, REQUIRED_PREFIX, CONCRETE_TYPE_KEY } from './planner-keys';

/** One request to one subgraph: its selections, and the entity fetches that hang off its answer. */
export interface Fetch {
  graph: string;
  selections: SelectionNode[];
  dependents: EntityFetch[];
}

/** From a fetch's objects: into a response key (through lists), or keeping only the objects of one concrete type. */
export type PathStep = { key: string } | { type: string };

/**
 * Entities found at `path` (from the parent fetch's root), completed by another subgraph, which is sent
 * them as `typeName` representations (an interface's name for an @interfaceObject).
 */
export interface EntityFetch {
  path: readonly PathStep[];
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

/** While planning: the fragments, and the entity fetches that receive selections, for fetches that wait on them. */
interface PlanContext {
  schema: GraphQLSchema;
  fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  /** Open collections of the fetches that received selections (planning a @requires field set). */
  receivers: Array<Set<EntityFetch>>;
  /** Whether each progressive override is on for this request (drawn once per field coordinate). */
  overrides: Map<string, boolean>;
}

class NotPlannable extends Error {}

const responseKey = (field: FieldNode) => (field.alias ?? field.name).value;
const pathId = (path: readonly PathStep[]) => path.map((s) => ('key' in s ? s.key : `<${s.type}>`)).join('.');

/**
 * The query planner: fields resolved by the subgraph already being asked (its own, or provided there
 * by @provides), and entity fields of other subgraphs fetched by key (`_entities`), one request per
 * subgraph per entity position, all positions of a level at once; @requires fields after the fetches
 * that fill what they require; overrides (progressive ones drawn per request). At an interface or
 * union position the selections are split by the concrete types the subgraph may answer, each type's
 * entity fetches taking only the objects of that type; an @interfaceObject's fields are fetched by
 * the interface's name, and an object reached through one has its concrete type fetched first.
 * Anything else (mutations, nested keys, directives other than @skip/@include, stitched legacy
 * fields) takes the general path (delegation and stitching).
 */
export class QueryPlanner {
  private readonly model: SupergraphModel;
  private readonly plannable = new WeakMap<OperationDefinitionNode, boolean>();
  private readonly requiring = new WeakMap<OperationDefinitionNode, boolean>();
  private readonly plans = new WeakMap<DocumentNode, { schema: GraphQLSchema; plan: QueryPlan | null }>();

  /** `executors` by join__Graph enum value (e.g. STAFFING). */
  constructor(
    supergraphSdl: string,
    readonly executors: ReadonlyMap<string, { subgraph: string; executor: Executor }>,
  ) {
    this.model = readSupergraph(supergraphSdl);
  }

  /** Whether the client's operation is of a shape this planner takes (decided once per parsed operation). */
  accepts(document: DocumentNode, operation: OperationDefinitionNode): boolean {
    let known = this.plannable.get(operation);
    if (known === undefined) this.plannable.set(operation, (known = this.shapeIsPlannable(document, operation)));
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
      visit(
        { kind: Kind.DOCUMENT, definitions: [operation, ...fragments] },
        visitWithTypeInfo(typeInfo, {
          Field: (node) => {
            const parent = typeInfo.getParentType();
            if (parent && this.model.requires.has(`${parent.name}.${node.name.value}`)) known = true;
          },
        }),
      );
      this.requiring.set(operation, known);
    }
    return known;
  }

  /** Queries without directives other than @skip/@include, nor introspection; whether each field can be planned is found while planning. */
  private shapeIsPlannable(document: DocumentNode, operation: OperationDefinitionNode): boolean {
    if (operation.operation !== 'query') return false;
    let plannable = true;
    const fragments = document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION);
    visit(
      { kind: Kind.DOCUMENT, definitions: [operation, ...fragments] },
      {
        Field: (node) => {
          if (!plannable) return false;
          // Introspection is answered by the gateway's own schema (the general path).
          if (node.name.value.startsWith('__') && node.name.value !== '__typename') plannable = false;
          return plannable ? undefined : false;
        },
        // @skip and @include are decided by access planning, which leaves them out of the document planned.
        InlineFragment: (node) => {
          if (!onlyConditions(node.directives)) plannable = false;
        },
        FragmentSpread: (node) => {
          if (!onlyConditions(node.directives)) plannable = false;
        },
      },
    );
    return plannable;
  }

  /**
   * The fetches for a document as access planning left it (the caller's fields, less what was withheld);
   * null = general path. Access plans are reused, so is their document: its plan is made once, unless a
   * progressive @override was drawn for it (drawn again per request).
   */
  plan(schema: GraphQLSchema, planned: DocumentNode): QueryPlan | null {
    const known = this.plans.get(planned);
    if (known?.schema === schema) return known.plan;
    const overrides = new Map<string, boolean>();
    const plan = this.planAnew(schema, planned, overrides);
    if (!overrides.size) this.plans.set(planned, { schema, plan });
    return plan;
  }

  private planAnew(schema: GraphQLSchema, planned: DocumentNode, overrides: Map<string, boolean>): QueryPlan | null {
    const operation = planned.definitions.find(
      (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
    );
    const query = schema.getQueryType();
    if (!operation || !query) return null;
    const context: PlanContext = {
      schema,
      fragments: fragmentsOf(planned),
      receivers: [],
      overrides,
    };
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
   * The fields an object of `type` answers for a selection set: the fragments that apply to it inlined
   * (fragments with directives left to the general path), and the fields of one response key merged
   * into one (their selections together), as execution collects them.
   */
  private flatten(type: GraphQLObjectType, set: SelectionSetNode, context: PlanContext): FieldNode[] {
    return collectFields(set.selections, context.fragments, (fragment, spread) => {
      if (spread.directives?.length) throw new NotPlannable();
      return fragmentApplies(context.schema, fragment.typeCondition, type);
    });
  }

  /**
   * The selections `graph` answers at this position; fields of other subgraphs become entity fetches in
   * `dependents`. `provided`: the fields `graph` @provides at this position, resolvable here although
   * they are external to it.
   */
  private split(
    graph: string,
    type: GraphQLObjectType,
    fields: readonly FieldNode[],
    path: readonly PathStep[],
    dependents: EntityFetch[],
    context: PlanContext,
    provided: SelectionSetNode | null,
  ): SelectionNode[] {
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
        out.push(
          this.resolveHere(
            graph,
            type,
            field,
            path,
            dependents,
            context,
            providedHere?.selectionSet ?? this.model.provides.get(coordinate)?.get(graph) ?? null,
          ),
        );
        continue;
      }
      // Another subgraph's field of an entity: fetched from it by the key this subgraph can give.
      const { target, typeName, fieldCoordinate } = this.entityTarget(graph, type, field, owners);
      const required = this.model.requires.get(fieldCoordinate)?.get(target);
      const dependent = this.dependentFor(dependents, target, typeName, path, Boolean(required), out);
      if (required)
        out.push(...this.planRequired(graph, type, required, path, dependents, context, provided, dependent));
      for (const receivers of context.receivers) receivers.add(dependent);
      dependent.fetch.selections.push(
        this.resolveHere(
          target,
          type,
          field,
          [],
          dependent.fetch.dependents,
          context,
          this.model.provides.get(fieldCoordinate)?.get(target) ?? null,
        ),
      );
    }
    return out;
  }

  /**
   * The entity fetch from `target` of `typeName` entities at `path` (with or without @requires fields):
   * the one planned already, or a new one, whose key fields are then selected into `out`.
   */
  private dependentFor(
    dependents: EntityFetch[],
    target: string,
    typeName: string,
    path: readonly PathStep[],
    requiring: boolean,
    out: SelectionNode[],
  ): EntityFetch {
    const known = dependents.find(
      (d) =>
        d.fetch.graph === target &&
        d.typeName === typeName &&
        pathId(d.path) === pathId(path) &&
        Boolean(d.requires.length) === requiring,
    );
    if (known) return known;
    const keyFields = this.model.keys.get(typeName)!.get(target)!;
    const dependent: EntityFetch = {
      path,
      typeName,
      keyFields,
      requires: [],
      waitsFor: [],
      fetch: { graph: target, selections: [], dependents: [] },
    };
    dependents.push(dependent);
    for (const key of keyFields) out.push(aliased(`${KEY_PREFIX}${key}`, key));
    return dependent;
  }

  /**
   * Where another subgraph's field of this entity is fetched: from a graph that resolves it, by a key
   * `graph` can give; or, for a field an @interfaceObject adds, from that graph by the interface's name.
   */
  private entityTarget(
    graph: string,
    type: GraphQLObjectType,
    field: FieldNode,
    owners: ReadonlySet<string>,
  ): { target: string; typeName: string; fieldCoordinate: string } {
    const via = owners.size ? undefined : this.model.viaInterface.get(`${type.name}.${field.name.value}`);
    const typeName = via?.interfaceName ?? type.name;
    const keys = this.model.keys.get(typeName);
    const givesKey = (g: string) => keys?.get(g)?.every((k) => this.model.owners.get(type.name)?.get(k)?.has(graph));
    const target = [...(via?.graphs ?? owners)].find((g) => this.executors.has(g) && givesKey(g));
    if (!keys?.get(graph) && !via) throw new NotPlannable();
    if (!target) throw new NotPlannable();
    return { target, typeName, fieldCoordinate: `${typeName}.${field.name.value}` };
  }

  /**
   * The selections `graph` answers at an interface or union position: the concrete type (CONCRETE_TYPE_KEY), and
   * per concrete type it may answer, that type's fields split as at an object position (their entity
   * fetches take only the objects of that type).
   */
  private abstractSelections(
    graph: string,
    abstract: GraphQLAbstractType,
    set: SelectionSetNode,
    path: readonly PathStep[],
    dependents: EntityFetch[],
    context: PlanContext,
    provided: SelectionSetNode | null,
  ): SelectionNode[] {
    if (this.model.interfaceObjects.get(abstract.name)?.has(graph))
      return this.concreteTypeFetch(graph, abstract, set, path, dependents, context);
    const answered = this.model.possibleTypes.get(abstract.name)?.get(graph);
    const out: SelectionNode[] = [aliased(CONCRETE_TYPE_KEY, '__typename')];
    for (const type of context.schema.getPossibleTypes(abstract)) {
      if (!answered?.has(type.name)) continue;
      const fields = this.flatten(type, set, context);
      const inner = fields.length
        ? this.split(graph, type, fields, [...path, { type: type.name }], dependents, context, provided)
        : [];
      if (inner.length) out.push(onType(type.name, inner));
    }
    return out;
  }

  /**
   * An interface position in a graph that knows the interface only as an @interfaceObject: it cannot
   * say which concrete type an object is, so the object is fetched by key from a graph that can (the
   * interface's own entity), and everything selected is split there.
   */
  private concreteTypeFetch(
    graph: string,
    abstract: GraphQLAbstractType,
    set: SelectionSetNode,
    path: readonly PathStep[],
    dependents: EntityFetch[],
    context: PlanContext,
  ): SelectionNode[] {
    const keys = this.model.keys.get(abstract.name);
    const objects = this.model.interfaceObjects.get(abstract.name)!;
    const target = [...(keys?.keys() ?? [])].find(
      (g) =>
        !objects.has(g) &&
        this.executors.has(g) &&
        keys!.get(g)!.every((k) => this.model.owners.get(abstract.name)?.get(k)?.has(graph)),
    );
    if (!target) throw new NotPlannable();
    const out: SelectionNode[] = [];
    const dependent = this.dependentFor(dependents, target, abstract.name, path, false, out);
    for (const receivers of context.receivers) receivers.add(dependent);
    dependent.fetch.selections.push(
      ...this.abstractSelections(target, abstract, set, [], dependent.fetch.dependents, context, null),
    );
    return out;
  }

  /** The graphs that resolve a field in this request (a progressive override decided once per request). */
  private ownersOf(
    type: GraphQLObjectType,
    field: FieldNode,
    context: PlanContext,
  ): ReadonlySet<string> | null | undefined {
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
  private resolveHere(
    graph: string,
    type: GraphQLObjectType,
    field: FieldNode,
    path: readonly PathStep[],
    dependents: EntityFetch[],
    context: PlanContext,
    provided: SelectionSetNode | null,
  ): FieldNode {
    if (!field.selectionSet) return field;
    const named = getNamedType(type.getFields()[field.name.value]!.type);
    const here = [...path, { key: responseKey(field) }];
    let inner: SelectionNode[];
    if (isObjectType(named))
      inner = this.split(
        graph,
        named,
        this.flatten(named, field.selectionSet, context),
        here,
        dependents,
        context,
        provided,
      );
    else if (isAbstractType(named))
      inner = this.abstractSelections(graph, named, field.selectionSet, here, dependents, context, provided);
    else throw new NotPlannable();
    // Everything below went to fetches planned already (their keys selected once): the field still needs a selection.
    return {
      ...field,
      selectionSet: {
        kind: Kind.SELECTION_SET,
        selections: inner.length ? inner : [{ kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' } }],
      },
    };
  }

  /**
   * The fields `dependent` @requires, selected here under REQUIRED_PREFIX keys (from this subgraph, or
   * by further entity fetches, which `dependent` then waits for).
   */
  private planRequired(
    graph: string,
    type: GraphQLObjectType,
    required: SelectionSetNode,
    path: readonly PathStep[],
    dependents: EntityFetch[],
    context: PlanContext,
    provided: SelectionSetNode | null,
    dependent: EntityFetch,
  ): SelectionNode[] {
    const fields = this.flatten(type, required, context);
    dependent.requires = collectFields([...dependent.requires, ...fields], context.fragments, () => true);
    const receivers = new Set<EntityFetch>();
    context.receivers.push(receivers);
    const hidden = fields.map(
      (f) => ({ ...f, alias: { kind: Kind.NAME, value: `${REQUIRED_PREFIX}${f.name.value}` } }) as FieldNode,
    );
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

/** `... on Type { selections }`. */
export function onType(typeName: string, selections: readonly SelectionNode[]): InlineFragmentNode {
  return {
    kind: Kind.INLINE_FRAGMENT,
    typeCondition: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: typeName } },
    selectionSet: { kind: Kind.SELECTION_SET, selections },
  };
}

/** `alias: name`, a field the planner adds. */
function aliased(alias: string, name: string): FieldNode {
  return { kind: Kind.FIELD, alias: { kind: Kind.NAME, value: alias }, name: { kind: Kind.NAME, value: name } };
}

/**
 * The document as one subgraph must receive it: only the named fragments and variables it still uses
 * (deciding access may have cut the fields that used them, and a subgraph validates what it gets).
 */
export function withoutUnused(document: DocumentNode, operation: OperationDefinitionNode): DocumentNode {
  const fragments = fragmentsOf(document);
  const usedFragments = new Set<string>();
  const usedVariables = new Set<string>();
  const walk = (node: object) =>
    visit(node as DocumentNode, {
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
      {
        ...operation,
        variableDefinitions: operation.variableDefinitions?.filter((v) => usedVariables.has(v.variable.name.value)),
      },
      ...[...fragments.values()].filter((f) => usedFragments.has(f.name.value)),
    ],
  };
}

/** The field of the caller's document a response path leads to (through aliases and fragments), for error locations. */
export function fieldAt(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  path: ReadonlyArray<string | number>,
): FieldNode | undefined {
  const fragments = fragmentsOf(document);
  const find = (set: SelectionSetNode | undefined, key: string): FieldNode | undefined => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD && (selection.alias ?? selection.name).value === key) return selection;
      const inner =
        selection.kind === Kind.INLINE_FRAGMENT
          ? selection.selectionSet
          : selection.kind === Kind.FRAGMENT_SPREAD
            ? fragments.get(selection.name.value)?.selectionSet
            : undefined;
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
