import type { GraphQLSchema } from 'graphql';

import type { Level } from '../../policy/levels';
import type { Policy } from '../../policy/policy-model';
import type { SchemaRules } from '../../policy/schema-rules';
import { governSchema } from '../access/governed-schema';
import { visibleSchema } from '../access/schema-visibility';
import { buildGatewaySchema, type LegacySubgraph, type SubgraphCalls } from '../execution/gateway-schema';
import type { QueryPlanner } from '../execution/query-planner';
import { costModelFrom, type CostModel } from '../limits/cost-model';

/** What a graph is built from: the supergraph, the legacy subgraphs stitched beside it, and every SDL. */
export interface GraphSource {
  supergraphSdl: string;
  legacy: readonly LegacySubgraph[];
  /** Every SDL the graph came from (supergraph, Federation subgraphs, legacy): grades, @cost and @listSize. */
  sdls: readonly string[];
}

/**
 * A composition made ready to serve: the graded schema clients see and everything the request path reads
 * with it, built once, together. Nothing rides on the schema object, so no schema transform can drop it.
 */
export interface GovernedGraph {
  readonly supergraphSdl: string;
  /** The schema Apollo validates against and the general path executes over. */
  readonly schema: GraphQLSchema;
  /** Each field's grade, masks and purpose rule. */
  readonly rules: SchemaRules;
  /** The composition's @cost and @listSize with the policy's own weights. */
  readonly costModel: CostModel;
  readonly planner: QueryPlanner;
  /** The schema cut to what a caller of this clearance may ever read (SCHEMA_HIDE_ABOVE_CLEARANCE). */
  visibleTo(clearance: Level): GraphQLSchema;
}

/** A governed graph as served, with the composition version it was built from. */
export interface ServedGraph extends GovernedGraph {
  readonly version: number;
}

export function buildGovernedGraph(source: GraphSource, calls: SubgraphCalls, policy: Policy): GovernedGraph {
  const built = buildGatewaySchema(source.supergraphSdl, source.legacy, calls);
  const { schema, rules } = governSchema(built.schema, policy, source.sdls);
  const visible = new Map<Level, GraphQLSchema>();
  return {
    supergraphSdl: source.supergraphSdl,
    schema,
    rules,
    costModel: costModelFrom(source.sdls, policy.cost),
    planner: built.planner,
    visibleTo(clearance) {
      let cut = visible.get(clearance);
      if (!cut) visible.set(clearance, (cut = visibleSchema(schema, rules, clearance)));
      return cut;
    },
  };
}
