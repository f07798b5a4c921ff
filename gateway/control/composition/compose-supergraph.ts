import { composeServices } from '@theguild/federation-composition';
import { parse } from 'graphql';

export interface ComposeInput {
  name: string;
  url: string;
  sdl: string;
}

export class CompositionError extends Error {
  override name = 'CompositionError';
  constructor(readonly errors: readonly string[]) {
    super(`composition failed:\n${errors.map((e) => `  - ${e}`).join('\n')}`);
  }
}

/** Composes Federation v2 subgraphs into a supergraph SDL; errors are listed as the library gives them. */
export function composeSupergraph(subgraphs: readonly ComposeInput[]): string {
  const result = composeServices(subgraphs.map((s) => ({ name: s.name, url: s.url, typeDefs: parse(s.sdl) })));
  if (result.errors?.length || !result.supergraphSdl) {
    throw new CompositionError((result.errors ?? []).map((e) => e.message));
  }
  return result.supergraphSdl;
}
