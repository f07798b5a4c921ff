import { composeSupergraph } from './compose-supergraph';
import { fetchSubgraphSdlWhenReady } from './fetch-sdl';
import type { SubgraphSource } from './subgraph-source';
import type { LegacySubgraph } from '../execution/gateway-schema';

export interface Composition {
  supergraphSdl: string;
  legacy: LegacySubgraph[];
}

/** Fetches every subgraph's SDL and composes the Federation ones; plain ones are kept for stitching. */
export async function composeFromSources(sources: readonly SubgraphSource[], waitMs = 60_000): Promise<Composition> {
  const sdls = await Promise.all(sources.map((source) => fetchSubgraphSdlWhenReady(source, waitMs)));
  const federated = sources.flatMap((s, i) => (s.federated ? [{ name: s.name, url: s.url, sdl: sdls[i]! }] : []));
  const legacy = sources.flatMap((s, i) => (s.federated ? [] : [{ name: s.name, url: s.url, sdl: sdls[i]! }]));
  return { supergraphSdl: composeSupergraph(federated), legacy };
}
