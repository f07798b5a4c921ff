import { GraphQLError, Kind, type GraphQLSchema, type DocumentNode, type ExecutionResult, type FieldNode, type OperationDefinitionNode, type SelectionNode, type VariableDefinitionNode } from 'graphql';
import { ErrorCode } from '../../common/errors';
import { completeValues } from './complete-values';
import { collectFields } from './collect-fields';
import { KEY_PREFIX, REQUIRED_PREFIX, withoutUnused, type EntityFetch, type Fetch, type QueryPlan, type QueryPlanner } from './query-planner';

type JsonObject = Record<string, unknown>;
interface Located {
  object: JsonObject;
  path: ReadonlyArray<string | number>;
}

const REPRESENTATIONS = 'govgraphRepresentations';

/** A subgraph's errors, as GraphQLErrors at the caller's paths. */
function relocated(errors: readonly { message: string; path?: ReadonlyArray<string | number>; extensions?: Record<string, unknown> }[] | undefined, at: (path: ReadonlyArray<string | number> | undefined) => ReadonlyArray<string | number> | undefined): GraphQLError[] {
  return (errors ?? []).map((e) => {
    const path = at(e.path);
    return new GraphQLError(e.message, { ...(path ? { path } : {}), ...(e.extensions ? { extensions: e.extensions } : {}) });
  });
}

/** The objects at `path` below each of `bases` (through lists; nulls skipped), with their full paths. */
function objectsAt(bases: readonly Located[], path: readonly string[]): Located[] {
  let found: Located[] = [...bases];
  for (const key of path) {
    const next: Located[] = [];
    for (const { object, path: at } of found) {
      const value = object[key];
      if (Array.isArray(value)) value.forEach((item, i) => item && typeof item === 'object' && next.push({ object: item as JsonObject, path: [...at, key, i] }));
      else if (value && typeof value === 'object') next.push({ object: value as JsonObject, path: [...at, key] });
    }
    found = next;
  }
  return found;
}

/** The fields a representation carries, by name, each with the fields below it (null for a leaf). */
type RequiredShape = ReadonlyArray<{ name: string; inner: RequiredShape | null }>;

/** The shape of an entity fetch's @requires fields, worked out once per fetch rather than per object. */
function requiredShape(fields: readonly FieldNode[]): RequiredShape {
  return fields.map((field) => ({
    name: field.name.value,
    inner: field.selectionSet ? requiredShape(collectFields(field.selectionSet.selections, new Map(), () => true)) : null,
  }));
}

/**
 * The required fields of an entity as its subgraph expects them in a representation: read from the
 * object under the planner's REQUIRED_PREFIX keys at the top, by their own names below.
 */
function requiredValues(object: JsonObject, shape: RequiredShape, top: boolean): JsonObject {
  const out: JsonObject = {};
  for (const { name, inner } of shape) {
    const read = (v: unknown): unknown => (Array.isArray(v) ? v.map(read) : inner && v && typeof v === 'object' ? requiredValues(v as JsonObject, inner, false) : v);
    out[name] = read(object[top ? `${REQUIRED_PREFIX}${name}` : name]);
  }
  return out;
}

/** Settles once an entity fetch has merged its answer, or is known never to run: fetches that @require its fields wait on it. */
class Settled {
  private readonly settled = new Map<EntityFetch, { promise: Promise<void>; settle: () => void }>();

  private of(fetch: EntityFetch) {
    let known = this.settled.get(fetch);
    if (!known) {
      let settle!: () => void;
      const promise = new Promise<void>((resolve) => (settle = resolve));
      this.settled.set(fetch, (known = { promise, settle }));
    }
    return known;
  }

  wait(fetches: readonly EntityFetch[]): Promise<unknown> {
    return Promise.all(fetches.map((f) => this.of(f).promise));
  }

  done(fetch: EntityFetch): void {
    this.of(fetch).settle();
  }

  /** A fetch that will not run (nothing to complete), nor any fetch below it. */
  skipped(fetch: EntityFetch): void {
    this.done(fetch);
    fetch.fetch.dependents.forEach((d) => this.skipped(d));
  }
}

/**
 * Runs a query plan: the root fetches at once, then each level's entity fetches at once, each merged
 * into the objects it completes. Every fetch goes through its subgraph's resilient, signed executor;
 * a failed one leaves its fields null with the subgraph's error at their paths, as the general path does.
 */
export async function executePlan(schema: GraphQLSchema, planner: QueryPlanner, plan: QueryPlan, planned: DocumentNode, variables: Record<string, unknown>, context: unknown): Promise<ExecutionResult> {
  const operation = planned.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const fragments = planned.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION);
  const errors: GraphQLError[] = [];
  const data: JsonObject = {};

  const run = (graph: string, selections: SelectionNode[], extraVariables: VariableDefinitionNode[] = [], extraValues: JsonObject = {}) => {
    const target = planner.executors.get(graph)!;
    const query: OperationDefinitionNode = { ...operation, variableDefinitions: [...(operation.variableDefinitions ?? []), ...extraVariables], selectionSet: { kind: Kind.SELECTION_SET, selections } };
    const document = withoutUnused({ kind: Kind.DOCUMENT, definitions: [query, ...fragments] }, query);
    return target.executor({ document, variables: { ...variables, ...extraValues }, context: context as Record<string, unknown>, operationType: 'query' as never }) as Promise<ExecutionResult>;
  };

  const settled = new Settled();
  const completeEntities = async (dependents: readonly EntityFetch[], bases: readonly Located[]): Promise<void> => {
    await Promise.all(dependents.map(async (dependent) => {
      await settled.wait(dependent.waitsFor);
      const targets = objectsAt(bases, dependent.path);
      if (!targets.length) return settled.skipped(dependent);
      const required = requiredShape(dependent.requires);
      const representations = targets.map(({ object }) => ({
        __typename: dependent.typeName,
        ...Object.fromEntries(dependent.keyFields.map((k) => [k, object[`${KEY_PREFIX}${k}`]])),
        ...requiredValues(object, required, true),
      }));
      const entities: SelectionNode = {
        kind: Kind.FIELD,
        name: { kind: Kind.NAME, value: '_entities' },
        arguments: [{ kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: 'representations' }, value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: REPRESENTATIONS } } }],
        selectionSet: { kind: Kind.SELECTION_SET, selections: [{ kind: Kind.INLINE_FRAGMENT, typeCondition: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: dependent.typeName } }, selectionSet: { kind: Kind.SELECTION_SET, selections: dependent.fetch.selections } }] },
      };
      const declaration: VariableDefinitionNode = {
        kind: Kind.VARIABLE_DEFINITION,
        variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: REPRESENTATIONS } },
        type: { kind: Kind.NON_NULL_TYPE, type: { kind: Kind.LIST_TYPE, type: { kind: Kind.NON_NULL_TYPE, type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: '_Any' } } } } },
      };
      const result = await run(dependent.fetch.graph, [entities], [declaration], { [REPRESENTATIONS]: representations });
      const answered = (result.data?.['_entities'] ?? null) as Array<JsonObject | null> | null;
      const keys = dependent.fetch.selections.flatMap((s) => (s.kind === Kind.FIELD ? [(s.alias ?? s.name).value] : []));
      targets.forEach(({ object, path }, i) => {
        const entity = answered?.[i];
        if (entity) Object.assign(object, entity);
        else for (const key of keys) object[key] ??= null;
        if (!answered) errors.push(...relocated(result.errors, () => [...path, keys[0]!]));
      });
      if (answered) errors.push(...relocated(result.errors, (p) => (p && p[0] === '_entities' && typeof p[1] === 'number' && targets[p[1]] ? [...targets[p[1]]!.path, ...p.slice(2)] : undefined)));
      if (answered && answered.some((e) => e === null)) {
        // A null entity the subgraph explained (an error at or below it) is not reported again.
        const explained = new Set((result.errors ?? []).map((e) => (e.path?.[0] === '_entities' ? e.path[1] : undefined)));
        targets.forEach(({ path }, i) => answered[i] === null && !explained.has(i) && errors.push(new GraphQLError(`${dependent.typeName} could not be completed by its subgraph`, { path, extensions: { code: ErrorCode.SUBGRAPH_UNAVAILABLE } })));
      }
      settled.done(dependent);
      await completeEntities(dependent.fetch.dependents, targets.filter((_, i) => answered?.[i]));
    }));
  };

  await Promise.all(plan.roots.map(async (root: Fetch) => {
    const result = await run(root.graph, root.selections);
    if (result.data) Object.assign(data, result.data);
    else for (const s of root.selections) if (s.kind === Kind.FIELD) data[(s.alias ?? s.name).value] = null;
    errors.push(...relocated(result.errors, (p) => p));
    await completeEntities(root.dependents, [{ object: data, path: [] }]);
  }));
  for (const key of plan.rootTypenames) data[key] = 'Query';
  // Subgraph JSON is checked against the schema, as the general path's execution checks it; what the
  // planner added (keys, required fields) is not selected by the caller, so is not in the answer.
  const completed = completeValues(schema, planned, data, errors);
  errors.push(...completed.errors);
  const answer = completed.data;
  return errors.length ? { data: answer, errors } : { data: answer };
}
