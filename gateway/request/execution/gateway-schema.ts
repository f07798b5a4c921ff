import type { SubschemaConfig } from '@graphql-tools/delegate';
import { filterInternalFieldsAndTypes, getStitchingOptionsFromSupergraphSdl } from '@graphql-tools/federation';
import { stitchSchemas } from '@graphql-tools/stitch';
import type { Executor } from '@graphql-tools/utils';
import { buildSchema, Kind, parse, type GraphQLSchema } from 'graphql';

import { cachedIn } from '../../../common/cached';
import type { NodeTable } from '../../../common/regional-nodes/node-table';
import type { Breakers } from '../resilience/breakers';
import type { SubgraphCallPolicy } from '../resilience/call-policy';
import { keysetConnections } from '../routing/keyset-connections';
import { routedExecutor } from '../routing/routed-executor';
import { createSubgraphExecutor, type CallTelemetry } from '../subgraph-calls/subgraph-executor';
import { legacyJoinExtensions } from './legacy-joins';
import { QueryPlanner } from './query-planner';

export interface LegacySubgraph {
  name: string;
  url: string;
  sdl: string;
}

export interface SubgraphCalls {
  callPolicy: SubgraphCallPolicy;
  breakers: Breakers;
  signingSecret: string;
  /** Spans and latency of each call (default: none). */
  telemetry?: CallTelemetry;
  /** Regional nodes: a system with active nodes is called at the nodes of the caller's scope (default: none). */
  nodes?: NodeTable;
}

/**
 * Each system's executor: its registered endpoint, or, once it has regional nodes, the nodes of the
 * caller's scope, each called through its own executor (made once per node and address).
 */
function systemExecutor(name: string, endpoint: string, calls: SubgraphCalls, keyset: ReadonlySet<string>): Executor {
  const single = createSubgraphExecutor({ name, endpoint, ...calls });
  const table = calls.nodes;
  if (!table) return single;
  const perNode = new Map<string, Executor>();
  return routedExecutor(name, single, {
    table,
    keyset,
    executorOf: (node) => {
      // Nodes retired or moved leave their executors behind: dropped once they outnumber a margin.
      const active = table.nodesOf(name);
      if (perNode.size > active.length + 64) {
        const live = new Set(active.map((n) => `${n.id} ${n.url}`));
        for (const key of perNode.keys()) if (!live.has(key)) perNode.delete(key);
      }
      return cachedIn(perNode, `${node.id} ${node.url}`, () =>
        createSubgraphExecutor({
          name,
          endpoint: node.url,
          node: { id: node.id, regionCode: node.regionCode },
          ...calls,
        }),
      );
    },
  });
}

/** The supergraph's join__Graph values (upper-cased enum names) with each subgraph's name and URL. */
export function joinGraphs(supergraphSdl: string): Array<{ graph: string; name: string; url: string }> {
  const graphs: Array<{ graph: string; name: string; url: string }> = [];
  for (const definition of parse(supergraphSdl).definitions) {
    if (definition.kind !== Kind.ENUM_TYPE_DEFINITION || definition.name.value !== 'join__Graph') continue;
    for (const value of definition.values ?? []) {
      const graph = value.directives?.find((d) => d.name.value === 'join__graph');
      const arg = (n: string) => graph?.arguments?.find((a) => a.name.value === n)?.value;
      const name = arg('name');
      const url = arg('url');
      if (name?.kind === Kind.STRING && url?.kind === Kind.STRING)
        graphs.push({ graph: value.name.value, name: name.value, url: url.value });
    }
  }
  return graphs;
}

/**
 * The executable schema the gateway serves: the Federation supergraph, plus plain (legacy) GraphQL
 * subgraphs stitched in beside it and joined to the federated entities, so that a client cannot
 * tell which system speaks Federation. Every subgraph is called through a resilient executor.
 */
export function buildGatewaySchema(
  supergraphSdl: string,
  legacy: readonly LegacySubgraph[],
  calls: SubgraphCalls,
): { schema: GraphQLSchema; planner: QueryPlanner } {
  const graphs = joinGraphs(supergraphSdl);
  const keyset = keysetConnections(supergraphSdl);
  const executors = new Map<string, { subgraph: string; executor: Executor }>();
  const options = getStitchingOptionsFromSupergraphSdl({
    supergraphSdl,
    batch: true,
    onSubschemaConfig: (config) => {
      const joined = graphs.find((g) => g.url === config.endpoint);
      const name = joined?.name ?? config.name;
      config.executor = systemExecutor(name, config.endpoint!, calls, keyset);
      if (joined) executors.set(joined.graph, { subgraph: name, executor: config.executor });
    },
  });
  const legacySubschemas = new Map<string, SubschemaConfig>(
    legacy.map((subgraph) => [
      subgraph.name,
      {
        name: subgraph.name,
        schema: buildSchema(subgraph.sdl),
        executor: systemExecutor(subgraph.name, subgraph.url, calls, keyset),
        batch: true,
      },
    ]),
  );
  const joins = legacyJoinExtensions(options.subschemas, legacySubschemas);
  const stitched = stitchSchemas({
    ...options,
    subschemas: [...options.subschemas, ...legacySubschemas.values()],
    typeDefs: [options.typeDefs, ...joins.typeDefs],
    resolvers: joins.resolvers,
  });
  // The public API: no Federation internals (_entities, _service, join__*), no @inaccessible fields.
  const api = filterInternalFieldsAndTypes(stitched);
  return { schema: api, planner: new QueryPlanner(supergraphSdl, executors) };
}
