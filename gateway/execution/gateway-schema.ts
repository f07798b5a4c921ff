import { buildSchema, type GraphQLSchema } from 'graphql';
import { getStitchingOptionsFromSupergraphSdl } from '@graphql-tools/federation';
import { buildHTTPExecutor } from '@graphql-tools/executor-http';
import { stitchSchemas } from '@graphql-tools/stitch';
import type { SubschemaConfig } from '@graphql-tools/delegate';
import { legacyJoinExtensions } from './legacy-joins';

export interface LegacySubgraph {
  name: string;
  url: string;
  sdl: string;
}

/**
 * The executable schema the gateway serves: the Federation supergraph, plus plain (legacy) GraphQL
 * subgraphs stitched in beside it and joined to the federated entities, so that a client cannot
 * tell which system speaks Federation.
 */
export function buildGatewaySchema(supergraphSdl: string, legacy: readonly LegacySubgraph[]): GraphQLSchema {
  const options = getStitchingOptionsFromSupergraphSdl({ supergraphSdl, batch: true });
  const legacySubschemas = new Map<string, SubschemaConfig>(
    legacy.map((subgraph) => [
      subgraph.name,
      { name: subgraph.name, schema: buildSchema(subgraph.sdl), executor: buildHTTPExecutor({ endpoint: subgraph.url }), batch: true },
    ]),
  );
  const joins = legacyJoinExtensions(options.subschemas, legacySubschemas);
  return stitchSchemas({
    ...options,
    subschemas: [...options.subschemas, ...legacySubschemas.values()],
    typeDefs: [options.typeDefs, ...joins.typeDefs],
    resolvers: joins.resolvers,
  });
}
