import { fetchSubgraphSdlWhenReady } from './fetch-sdl';
import type { SubgraphSource } from './subgraph-source';
import { composeGraph, type ComposedGraph } from './compose-graph';

/** Fetches every subgraph's SDL and composes them: Federation ones composed, plain ones stitched. */
export async function composeFromSources(sources: readonly SubgraphSource[], waitMs = 60_000): Promise<ComposedGraph> {
  const specs = await Promise.all(sources.map(async (source) => ({ ...source, sdl: await fetchSubgraphSdlWhenReady(source, waitMs) })));
  return composeGraph(specs);
}
