import { readFileSync } from 'node:fs';
import { schemaFile } from '../../common/paths';
import { SUBGRAPH_NAMES, SUBGRAPHS } from '../../common/subgraph-catalog';
import { composeSupergraph } from './compose-supergraph';

/** Composes the shipped Federation subgraphs from their SDL files in schema/, at the given base URL. */
export function composeShippedSupergraph(urlOf: (name: string, port: number) => string): string {
  return composeSupergraph(
    SUBGRAPH_NAMES.filter((name) => SUBGRAPHS[name].federated).map((name) => ({
      name,
      url: urlOf(name, SUBGRAPHS[name].port),
      sdl: readFileSync(schemaFile(name), 'utf8'),
    })),
  );
}
