import type { LegacySubgraph } from '../../request/execution/gateway-schema';
import type { SubgraphSpec } from '../registry/model';
import { composeSupergraph } from './compose-supergraph';

/** A composed graph: the Federation supergraph, and the plain subgraphs stitched in beside it. */
export interface ComposedGraph {
  supergraphSdl: string;
  legacy: LegacySubgraph[];
  /** The Federation subgraphs' own SDLs, when known: their @classified grades do not survive composition. */
  federatedSdls: string[];
}

/** Every SDL a graph's field grades may come from. */
export function graphSdls(graph: ComposedGraph): string[] {
  return [graph.supergraphSdl, ...graph.federatedSdls, ...graph.legacy.map((l) => l.sdl)];
}

/** Apollo Federation subgraph SDL links the federation spec (v2) or uses @key (v1). */
export function isFederatedSdl(sdl: string): boolean {
  return /specs\.apollo\.dev\/federation|@key\b/.test(sdl);
}

/** The graph of a stored composition: its supergraph was composed once, when it was made. */
export function storedGraph(composition: { supergraphSdl: string; subgraphs: readonly SubgraphSpec[] }): ComposedGraph {
  return {
    supergraphSdl: composition.supergraphSdl,
    legacy: composition.subgraphs.filter((s) => !s.federated).map(({ name, url, sdl }) => ({ name, url, sdl })),
    federatedSdls: composition.subgraphs.filter((s) => s.federated).map((s) => s.sdl),
  };
}

export function composeGraph(subgraphs: readonly SubgraphSpec[]): ComposedGraph {
  return {
    supergraphSdl: composeSupergraph(subgraphs.filter((s) => s.federated)),
    legacy: subgraphs.filter((s) => !s.federated).map(({ name, url, sdl }) => ({ name, url, sdl })),
    federatedSdls: subgraphs.filter((s) => s.federated).map((s) => s.sdl),
  };
}
