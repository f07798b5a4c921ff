import {
  GraphQLError,
  Kind,
  type DocumentNode,
  type ExecutionResult,
  type FieldNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionNode,
  type VariableDefinitionNode,
} from 'graphql';

import { cachedIn, oncePer } from '../../../common/cached';
import { ErrorCode } from '../../../common/errors';
import { collectFields } from '../operation/operation-walk';
import { completeValues } from './complete-values';
import { CONCRETE_TYPE_KEY, KEY_PREFIX, REQUIRED_PREFIX } from './planner-keys';
import {
  onType,
  withoutUnused,
  type EntityFetch,
  type Fetch,
  type PathStep,
  type QueryPlan,
  type QueryPlanner,
} from './query-planner';

type JsonObject = Record<string, unknown>;
interface Located {
  object: JsonObject;
  path: ReadonlyArray<string | number>;
}

const REPRESENTATIONS = 'govgraphRepresentations';
const ENTITIES = '_entities';

/** `$name: [_Any!]!`, the representations of one entity fetch. */
function representationsVariable(name: string): VariableDefinitionNode {
  return {
    kind: Kind.VARIABLE_DEFINITION,
    variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: name } },
    type: {
      kind: Kind.NON_NULL_TYPE,
      type: {
        kind: Kind.LIST_TYPE,
        type: { kind: Kind.NON_NULL_TYPE, type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: '_Any' } } },
      },
    },
  };
}

/** `alias: _entities(representations: $variable) { ... on Type { selections } }`. */
function entitiesField(alias: string, variable: string, dependent: EntityFetch): SelectionNode {
  return {
    kind: Kind.FIELD,
    alias: { kind: Kind.NAME, value: alias },
    name: { kind: Kind.NAME, value: '_entities' },
    arguments: [
      {
        kind: Kind.ARGUMENT,
        name: { kind: Kind.NAME, value: 'representations' },
        value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: variable } },
      },
    ],
    selectionSet: { kind: Kind.SELECTION_SET, selections: [onType(dependent.typeName, dependent.fetch.selections)] },
  };
}

/** A subgraph's errors, as GraphQLErrors at the caller's paths. */
function relocated(
  errors:
    | readonly { message: string; path?: ReadonlyArray<string | number>; extensions?: Record<string, unknown> }[]
    | undefined,
  at: (path: ReadonlyArray<string | number> | undefined) => ReadonlyArray<string | number> | undefined,
): GraphQLError[] {
  return (errors ?? []).map((e) => {
    const path = at(e.path);
    return new GraphQLError(e.message, {
      ...(path ? { path } : {}),
      ...(e.extensions ? { extensions: e.extensions } : {}),
    });
  });
}

/** The objects at `path` below each of `bases` (through lists; nulls skipped; of the type a step names), with their full paths. */
function objectsAt(bases: readonly Located[], path: readonly PathStep[]): Located[] {
  let found: Located[] = [...bases];
  for (const step of path) {
    if ('type' in step) {
      found = found.filter(({ object }) => object[CONCRETE_TYPE_KEY] === step.type);
      continue;
    }
    const { key } = step;
    const next: Located[] = [];
    for (const { object, path: at } of found) {
      const value = object[key];
      if (Array.isArray(value))
        value.forEach(
          (item, i) =>
            item && typeof item === 'object' && next.push({ object: item as JsonObject, path: [...at, key, i] }),
        );
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
    inner: field.selectionSet
      ? requiredShape(collectFields(field.selectionSet.selections, new Map(), () => true))
      : null,
  }));
}

const requiredShapeOf = oncePer((dependent: EntityFetch) => requiredShape(dependent.requires));

/** The representation of one object for an entity fetch: its type, its key fields and what the fetch @requires. */
function representation(dependent: EntityFetch, object: JsonObject, required: RequiredShape): JsonObject {
  const out: JsonObject = { __typename: dependent.typeName };
  for (const k of dependent.keyFields) out[k] = object[`${KEY_PREFIX}${k}`];
  return required.length ? Object.assign(out, requiredValues(object, required, true)) : out;
}

/**
 * The required fields of an entity as its subgraph expects them in a representation: read from the
 * object under the planner's REQUIRED_PREFIX keys at the top, by their own names below.
 */
function requiredValues(object: JsonObject, shape: RequiredShape, top: boolean): JsonObject {
  const out: JsonObject = {};
  for (const { name, inner } of shape) {
    const read = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(read)
        : inner && v && typeof v === 'object'
          ? requiredValues(v as JsonObject, inner, false)
          : v;
    out[name] = read(object[top ? `${REQUIRED_PREFIX}${name}` : name]);
  }
  return out;
}

/** The response keys of selections, those inside inline fragments included. */
function responseKeys(selections: readonly SelectionNode[]): string[] {
  return [
    ...new Set(
      selections.flatMap((s) =>
        s.kind === Kind.FIELD
          ? [(s.alias ?? s.name).value]
          : s.kind === Kind.INLINE_FRAGMENT
            ? responseKeys(s.selectionSet.selections)
            : [],
      ),
    ),
  ];
}

/** A number for each entity fetch, naming the combination of fetches one subgraph request carries. */
let nextFetchId = 0;
const fetchId = oncePer((_fetch: EntityFetch) => nextFetchId++);

/**
 * The documents a plan sends, built once per plan (plans are reused across requests), so the subgraph
 * executor prints each once: by root fetch, and by the combination of entity fetches in one request.
 */
const sentDocuments = oncePer((_plan: QueryPlan) => new Map<string, DocumentNode>());
const sentDocument = (plan: QueryPlan, key: string, build: () => DocumentNode): DocumentNode =>
  cachedIn(sentDocuments(plan), key, build);

const declaredNames = oncePer((document: DocumentNode): readonly string[] => {
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  return (operation?.variableDefinitions ?? []).map((v) => v.variable.name.value);
});

/**
 * The caller's variables a sent document declares: a subgraph is told only what its request uses, and
 * requests that differ only in variables another subgraph reads are the same request (deduplicated).
 */
function variablesSentWith(document: DocumentNode, variables: JsonObject): JsonObject {
  const sent: JsonObject = {};
  for (const name of declaredNames(document)) if (name in variables) sent[name] = variables[name];
  return sent;
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
export async function executePlan(
  schema: GraphQLSchema,
  planner: QueryPlanner,
  plan: QueryPlan,
  planned: DocumentNode,
  variables: Record<string, unknown>,
  context: unknown,
): Promise<ExecutionResult> {
  const operation = planned.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  )!;
  const fragments = planned.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION);
  const errors: GraphQLError[] = [];
  const data: JsonObject = {};

  /** Sends one request of the plan (`key` names it within the plan; `request` builds what it selects). */
  const run = (
    graph: string,
    key: string,
    request: () => { selections: SelectionNode[]; extraVariables?: VariableDefinitionNode[] },
    extraValues: JsonObject = {},
  ) => {
    const target = planner.executors.get(graph)!;
    const document = sentDocument(plan, key, () => {
      const { selections, extraVariables = [] } = request();
      const query: OperationDefinitionNode = {
        ...operation,
        variableDefinitions: [...(operation.variableDefinitions ?? []), ...extraVariables],
        selectionSet: { kind: Kind.SELECTION_SET, selections },
      };
      return withoutUnused({ kind: Kind.DOCUMENT, definitions: [query, ...fragments] }, query);
    });
    return target.executor({
      document,
      variables: { ...variablesSentWith(document, variables), ...extraValues },
      context: context as Record<string, unknown>,
      operationType: 'query' as never,
    }) as Promise<ExecutionResult>;
  };

  const settled = new Settled();

  /** Merges one entity fetch's answer (`answered`: its `_entities` list, null when the request failed) into the objects it completes. */
  const merge = (
    dependent: EntityFetch,
    targets: readonly Located[],
    answered: Array<JsonObject | null> | null,
    subgraphErrors: NonNullable<ExecutionResult['errors']>,
  ) => {
    const keys = responseKeys(dependent.fetch.selections);
    // A failed fetch's error is reported at its first field the caller can see.
    const shown = keys.find((k) => !k.startsWith('__govgraph_'));
    targets.forEach(({ object, path }, i) => {
      const entity = answered?.[i];
      if (entity) Object.assign(object, entity);
      else for (const key of keys) object[key] ??= null;
      if (!answered) errors.push(...relocated(subgraphErrors, () => (shown ? [...path, shown] : path)));
    });
    if (!answered) return;
    errors.push(
      ...relocated(subgraphErrors, (p) =>
        p && typeof p[1] === 'number' && targets[p[1]] ? [...targets[p[1]]!.path, ...p.slice(2)] : undefined,
      ),
    );
    // A null entity the subgraph explained (an error at or below it) is not reported again.
    const explained = new Set(subgraphErrors.map((e) => e.path?.[1]));
    targets.forEach(
      ({ path }, i) =>
        answered[i] === null &&
        !explained.has(i) &&
        errors.push(
          new GraphQLError(`${dependent.typeName} could not be completed by its subgraph`, {
            path,
            extensions: { code: ErrorCode.SUBGRAPH_UNAVAILABLE },
          }),
        ),
    );
  };

  /**
   * Entity fetches to one subgraph, in one request (an aliased `_entities` field each), then each
   * merged and the fetches below it run.
   */
  const fetchEntities = async (group: readonly EntityFetch[], bases: readonly Located[]): Promise<void> => {
    const batch: Array<{ dependent: EntityFetch; targets: Located[] }> = [];
    for (const dependent of group) {
      const targets = objectsAt(bases, dependent.path);
      if (targets.length) batch.push({ dependent, targets });
      else settled.skipped(dependent);
    }
    if (!batch.length) return;
    const variables: JsonObject = {};
    batch.forEach(({ dependent, targets }, i) => {
      const required = requiredShapeOf(dependent);
      variables[`${REPRESENTATIONS}${i}`] = targets.map(({ object }) => representation(dependent, object, required));
    });
    const result = await run(
      batch[0]!.dependent.fetch.graph,
      batch.map(({ dependent }) => fetchId(dependent)).join(','),
      () => ({
        selections: batch.map(({ dependent }, i) =>
          entitiesField(`${ENTITIES}${i}`, `${REPRESENTATIONS}${i}`, dependent),
        ),
        extraVariables: batch.map((_, i) => representationsVariable(`${REPRESENTATIONS}${i}`)),
      }),
      variables,
    );
    const subgraphErrors = result.errors ?? [];
    // A request that failed as a whole fails every fetch in it, at its own objects; else each fetch
    // has the errors under its alias, and errors without a path are the request's, reported once.
    if (result.data)
      errors.push(
        ...relocated(
          subgraphErrors.filter((e) => !e.path?.length),
          () => undefined,
        ),
      );
    await Promise.all(
      batch.map(async ({ dependent, targets }, i) => {
        const alias = `${ENTITIES}${i}`;
        const answered = (result.data?.[alias] ?? null) as Array<JsonObject | null> | null;
        merge(
          dependent,
          targets,
          answered,
          result.data ? subgraphErrors.filter((e) => e.path?.[0] === alias) : subgraphErrors,
        );
        settled.done(dependent);
        await completeEntities(
          dependent.fetch.dependents,
          targets.filter((_, j) => answered?.[j]),
        );
      }),
    );
  };

  /** One level's entity fetches: those that wait for nothing together, one request per subgraph; the others once what they wait for is in. */
  const completeEntities = async (dependents: readonly EntityFetch[], bases: readonly Located[]): Promise<void> => {
    const byGraph = new Map<string, EntityFetch[]>();
    const waiting: EntityFetch[] = [];
    for (const d of dependents) {
      if (d.waitsFor.length) waiting.push(d);
      else byGraph.set(d.fetch.graph, [...(byGraph.get(d.fetch.graph) ?? []), d]);
    }
    await Promise.all([
      ...[...byGraph.values()].map((group) => fetchEntities(group, bases)),
      ...waiting.map(async (d) => {
        await settled.wait(d.waitsFor);
        await fetchEntities([d], bases);
      }),
    ]);
  };

  await Promise.all(
    plan.roots.map(async (root: Fetch, i) => {
      const result = await run(root.graph, `root ${i}`, () => ({ selections: root.selections }));
      if (result.data) Object.assign(data, result.data);
      else for (const s of root.selections) if (s.kind === Kind.FIELD) data[(s.alias ?? s.name).value] = null;
      errors.push(...relocated(result.errors, (p) => p));
      await completeEntities(root.dependents, [{ object: data, path: [] }]);
    }),
  );
  for (const key of plan.rootTypenames) data[key] = 'Query';
  // Subgraph JSON is checked against the schema, as the general path's execution checks it; what the
  // planner added (keys, required fields) is not selected by the caller, so is not in the answer.
  const completed = completeValues(schema, planned, data, errors);
  errors.push(...completed.errors);
  const answer = completed.data;
  return errors.length ? { data: answer, errors } : { data: answer };
}
