import type { GatewayExecutor, GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import type { Span } from '@opentelemetry/api';
import { execute, GraphQLError, type DocumentNode, type ExecutionResult } from 'graphql';

import { ErrorCode } from '../../../common/errors';
import { logger } from '../../../common/logger';
import { levelRank } from '../../policy/levels';
import type { Policy } from '../../policy/policy-model';
import type { AccessLog } from '../access-log/access-log';
import type { ResponseCache } from '../cache/response-cache';
import { variablesOf } from '../execution/coerce-variables';
import { executePlan } from '../execution/plan-executor';
import { fieldAt, plannerOf } from '../execution/query-planner';
import { compositionVersionOf } from '../graph/live-graph';
import type { GatewayMetrics } from '../telemetry/gateway-metrics';
import { statedPurpose, type AccessContext } from './access-context';
import { applyPlan, withholdSensitive } from './apply-plan';
import { rulesOf } from './governed-schema';
import type { Masker } from './masker';
import { planAccess, type AccessPlan } from './plan-access';
import { rootFields, visibleSchema } from './schema-visibility';

/** enforce: withhold and mask; strict: refuse the whole request if anything would be withheld; dry-run: answer fully, log. */
export type AccessMode = 'enforce' | 'strict' | 'dry-run';

export interface GatewayContext {
  access: AccessContext;
  /** The request's trace span: subgraph calls are its children (set by the telemetry plugin). */
  span?: Span;
}

export interface GovernedExecutorOptions {
  policy: Policy;
  masker: Masker;
  mode: AccessMode;
  log: AccessLog;
  /** Introspection answers from the schema cut to the caller's clearance (hidden-fields-plugin.ts keeps it apart from data). */
  hideAboveClearance: boolean;
  /** Whole answers reused within one access context (enforce mode only). */
  cache?: ResponseCache;
  metrics?: GatewayMetrics;
  /** Fetch the planner's shapes by its plan (default true; false: delegate and stitch all but @requires shapes). */
  queryPlanner?: boolean;
}

/** Runs a query plan; subgraph errors are located in the caller's document by their path. */
async function fetchByPlan(
  request: GatewayGraphQLRequestContext,
  run: () => Promise<ExecutionResult>,
): Promise<ExecutionResult> {
  const result = await run();
  if (!result.errors?.length) return result;
  return {
    ...result,
    errors: result.errors.map((e) => {
      const at = e.path ? fieldAt(request.document, request.operation!, e.path) : undefined;
      return at
        ? new GraphQLError(e.message, { nodes: [at], ...(e.path ? { path: e.path } : {}), extensions: e.extensions })
        : e;
    }),
  };
}

/**
 * Fetches the operation: by the query planner's plan where it takes the shape (and `usePlanner` says so),
 * else by the general path. Shapes the general path mishandles (@requires) are planned even when the
 * planner is off or in dry-run; when the planner cannot take them either, the caller is told so.
 */
async function fetchOperation(
  request: GatewayGraphQLRequestContext,
  planned: DocumentNode,
  variables: Record<string, unknown>,
  context: GatewayContext,
  dryRun: boolean,
  usePlanner: boolean,
): Promise<{ result: ExecutionResult; path: 'planner' | 'general' | 'refused' }> {
  const operation = request.operation!;
  const planner = plannerOf(request.schema);
  // A dry run answers in full: the caller's own document, nothing cut.
  const document = dryRun ? request.document : planned;
  const mustPlan = Boolean(planner?.selectsRequiredFields(request.schema, request.document, operation));
  const queryPlan =
    planner && (mustPlan || (usePlanner && !dryRun)) && planner.accepts(request.document, operation)
      ? planner.plan(request.schema, document)
      : null;
  if (queryPlan)
    return {
      path: 'planner',
      result: await fetchByPlan(request, () =>
        executePlan(request.schema, planner!, queryPlan, document, variables, context),
      ),
    };
  if (mustPlan)
    return {
      path: 'refused',
      result: {
        errors: [
          new GraphQLError(
            'This operation selects fields that @requires others in a shape govgraph cannot plan yet (abstract types or nested keys beside them); ask for the @requires fields in an operation of their own.',
            { extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } },
          ),
        ],
      },
    };
  const result = await execute({
    schema: request.schema,
    document,
    operationName: dryRun ? request.operationName : undefined,
    variableValues: variables,
    contextValue: context,
  });
  return { path: 'general', result };
}

/** A request is logged when it reads SENSITIVE or RESTRICTED data (in clear or masked), or anything is withheld. */
const mustLog = (plan: AccessPlan) =>
  plan.withheld.length > 0 ||
  plan.reads.some((r) => r.decision !== 'denied' && levelRank(r.level) >= levelRank('SENSITIVE'));

const withheldErrors = (plan: AccessPlan) =>
  plan.withheld.map(
    (w) =>
      new GraphQLError(w.message, {
        path: [...w.parentKeys, w.key],
        extensions: { code: w.code, coordinate: w.coordinate },
      }),
  );

/**
 * Executes every operation under the access policy: decide before fetching (withheld fields are cut
 * from the document, so no subgraph is asked for them), execute over the schema the request was
 * validated against (a reload never changes a request in flight), null and mask, then write the
 * access-log record before answering; if it cannot be written, nothing SENSITIVE or RESTRICTED leaves.
 */
export function governedExecutor(options: GovernedExecutorOptions): GatewayExecutor {
  return async (request: GatewayGraphQLRequestContext) => {
    const context = request.context as GatewayContext;
    // No operation matches the operationName (or several and none named): graphql-js says which, and
    // Apollo answers it as OPERATION_RESOLUTION_FAILURE; nothing is planned or fetched.
    if (!request.operation)
      return execute({
        schema: request.schema,
        document: request.document,
        operationName: request.request.operationName ?? null,
      });
    // A bad variable is a bad request, even where deciding access would cut the field that used it.
    const coerced = variablesOf(request.request, request.schema, request.operation);
    if (coerced.errors) return { errors: coerced.errors };
    const variables = coerced.values;
    if (options.hideAboveClearance && rootFields(request.operation, request.document).introspection) {
      const schema = visibleSchema(request.schema, rulesOf(request.schema), context.access.principal.clearance);
      return execute({
        schema,
        document: request.document,
        operationName: request.operationName,
        variableValues: variables,
        contextValue: context,
      });
    }
    const plan = planAccess({
      schema: request.schema,
      rules: rulesOf(request.schema),
      policy: options.policy,
      access: context.access,
      document: request.document,
      operation: request.operation,
      variables,
    });
    const { metrics } = options;
    for (const w of plan.withheld) metrics?.decisions.inc({ coordinate: w.coordinate, decision: 'denied' });
    for (const m of plan.masked) metrics?.decisions.inc({ coordinate: m.coordinate, decision: 'masked' });
    const log = (entities: Record<string, string[]>) => {
      const { principal, purpose } = context.access;
      const append = () =>
        options.log.append({
          at: new Date().toISOString(),
          user: principal.user,
          roles: principal.roles,
          clearance: principal.clearance,
          region: principal.region,
          grants: context.access.grants,
          purpose: statedPurpose(purpose),
          operationName: request.operationName,
          // Apollo's SHA-256 of the query text (an APQ hash only once it is checked against the text).
          operationHash: request.queryHash,
          reads: plan.reads,
          entities,
        });
      return metrics ? metrics.time(metrics.logWrites, append) : append();
    };
    /** Writes the record when one is due; if it cannot be written, the SENSITIVE and RESTRICTED data is withheld instead. */
    const logOrWithhold = async (
      entities: Record<string, string[]>,
      data: Record<string, unknown> | null | undefined,
    ): Promise<{ logged: boolean; errors: GraphQLError[] }> => {
      if (!mustLog(plan)) return { logged: true, errors: [] };
      try {
        await log(entities);
        return { logged: true, errors: [] };
      } catch (error) {
        logger.error(
          { err: (error as Error).message },
          'access log unavailable: withholding SENSITIVE and RESTRICTED data',
        );
        return { logged: false, errors: withholdSensitive(data, plan) };
      }
    };
    if (options.mode === 'strict' && plan.withheld.length) {
      await log({}).catch(() => undefined); // the refusal is answered even if it cannot be logged: nothing is returned
      return { errors: withheldErrors(plan) };
    }
    // A cached answer was masked and cut for this same access context; it is logged like a fresh read.
    const { cache } = options;
    const ttl =
      cache && options.mode === 'enforce' && cache.applies(context.access)
        ? cache.ttlOf(request.schema, request.document, request.operation)
        : 0;
    const key =
      ttl > 0
        ? cache!.key(
            compositionVersionOf(request.schema),
            request.source,
            request.operationName,
            variables,
            context.access,
            options.masker.epoch(),
          )
        : null;
    const hit = key ? await cache!.get(key) : null;
    if (key) metrics?.cache.inc({ result: hit ? 'hit' : 'miss' });
    if (hit) {
      const errors = [...hit.errors, ...(await logOrWithhold(hit.entities, hit.data)).errors];
      return errors.length ? { data: hit.data, errors } : { data: hit.data };
    }
    const dryRun = options.mode === 'dry-run';
    if (dryRun && (plan.withheld.length || plan.masked.length)) {
      logger.warn(
        {
          user: context.access.principal.user,
          withheld: plan.withheld.map((w) => w.coordinate),
          masked: plan.masked.map((m) => m.coordinate),
        },
        'dry run: answered in full',
      );
    }
    // The planner's shapes are fetched by its plan; the rest are delegated and stitched (the general path).
    const fetched = await fetchOperation(
      request,
      plan.document,
      variables,
      context,
      dryRun,
      options.queryPlanner !== false,
    );
    metrics?.executionPaths.inc({ path: fetched.path });
    const { result } = fetched;
    if (dryRun) return result;
    const data = result.data as Record<string, unknown> | null | undefined;
    const applied = applyPlan(data, plan, options.masker);
    const written = await logOrWithhold(applied.entities, data);
    const errors = [...(result.errors ?? []), ...applied.errors, ...written.errors];
    // Only complete answers are kept: none a subgraph failed in, none cut short by the log.
    if (key && written.logged && !result.errors?.length)
      await cache!.set(key, ttl, { data: data ?? null, errors: applied.errors, entities: applied.entities });
    return errors.length ? { ...result, errors } : result;
  };
}
