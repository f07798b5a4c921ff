import type { ExecutionRequest, ExecutionResult } from '@graphql-tools/utils';

/** One call to one subgraph endpoint, as the layers around the transport see it. */
export interface SubgraphCall {
  readonly request: ExecutionRequest;
  /** The JSON body as sent (query text, variables, operation name). */
  readonly body: string;
  /** The caller's access context, encoded: signed with the body, and part of the dedup key. */
  readonly access: string;
  /** Time left for this attempt (set by budget-and-retry). */
  readonly budgetMs: number;
}

export type SubgraphSend = (call: SubgraphCall) => Promise<ExecutionResult>;

/** Who is called: the name clients see in errors, and the endpoint (a name may have many, one per region). */
export interface SubgraphTarget {
  readonly name: string;
  readonly endpoint: string;
  /** A regional node of the subgraph (`system@region`): its own signing key, and its region in errors. */
  readonly node?: { id: string; regionCode: string };
}

/** A per-subgraph concern wrapped around the next one in, as Hive's onSubgraphExecute wraps executors. */
export type SubgraphLayer = (next: SubgraphSend, target: SubgraphTarget) => SubgraphSend;

/** Wraps the transport in the layers, the first listed outermost. */
export function wrapLayers(
  layers: readonly SubgraphLayer[],
  transport: SubgraphSend,
  target: SubgraphTarget,
): SubgraphSend {
  return layers.reduceRight((next, layer) => layer(next, target), transport);
}
