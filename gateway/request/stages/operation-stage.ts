import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import type { DocumentNode, ExecutionResult, GraphQLError, OperationDefinitionNode } from 'graphql';

import type { AccessPlan } from '../access/plan-access';
import type { CacheHit } from '../cache/response-cache';
import type { GatewayContext } from '../gateway-context';
import type { ServedGraph } from '../graph/served-graph';

/**
 * One operation on its way through the stages. Each stage fills in what later stages read; a field
 * marked "set by" is read only by stages after that one.
 */
export interface Operation {
  readonly graph: ServedGraph;
  readonly request: GatewayGraphQLRequestContext;
  readonly context: GatewayContext;
  /** Set by resolve-operation: the operation the request names. */
  operation: OperationDefinitionNode;
  /** Set by coerce-variables: defaults applied, types checked. */
  variables: Record<string, unknown>;
  /** Set by decide-access: what is read, withheld and masked. */
  plan: AccessPlan;
  /** The document to fetch: the caller's, until decide-access cuts what is withheld from it. */
  document: DocumentNode;
  /** Set by response-cache: the answer kept for this same access context, if there is one. */
  cached?: CacheHit;
  /** Set by mask-answer (or a cached answer): the entities the answer reads, for the access log. */
  entities: Record<string, string[]>;
  /** Set by the access log: false when a record was due and could not be written. */
  logged: boolean;
  /** Set by fetch-operation: a subgraph failed somewhere in the answer. */
  partial: boolean;
}

/**
 * A stage of the operation path: it may answer on its own (not calling `next`), or call `next` and
 * rewrite what comes back, as envelop's onExecute and onExecuteDone do, in one function.
 */
export type OperationStage = (operation: Operation, next: () => Promise<ExecutionResult>) => Promise<ExecutionResult>;

/** Runs an operation through the stages in order; the last one must answer. */
export function chainStages(
  stages: readonly OperationStage[],
): (graph: ServedGraph, request: GatewayGraphQLRequestContext) => Promise<ExecutionResult> {
  return (graph, request) => {
    const operation = {
      graph,
      request,
      context: request.context as GatewayContext,
      document: request.document,
      entities: {},
      logged: true,
      partial: false,
    } as Operation;
    const run = async (index: number): Promise<ExecutionResult> => {
      const stage = stages[index];
      if (!stage) throw new Error('the last operation stage must answer without calling next');
      return stage(operation, () => run(index + 1));
    };
    return run(0);
  };
}

/** The result with more errors after its own; a result with none keeps no empty list. */
export function withErrors(result: ExecutionResult, ...more: ReadonlyArray<readonly GraphQLError[]>): ExecutionResult {
  const errors = [...(result.errors ?? []), ...more.flat()];
  return errors.length ? { ...result, errors } : result;
}
