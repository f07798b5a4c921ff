import { readFileSync } from 'node:fs';

import { schemaFile } from '../../../common/paths';
import { SHIPPED_SUBGRAPH_NAMES, SHIPPED_SUBGRAPHS } from '../../../common/subgraph-catalog';
import { composeSupergraph } from './compose-supergraph';

/** Composes the shipped Federation subgraphs from their SDL files in schema/, at the given base URL. */
export function composeShippedSupergraph(urlOf: (name: string, port: number) => string): string {
  return composeSupergraph(
    SHIPPED_SUBGRAPH_NAMES.filter((name) => SHIPPED_SUBGRAPHS[name].federated).map((name) => ({
      name,
      url: urlOf(name, SHIPPED_SUBGRAPHS[name].port),
      sdl: readFileSync(schemaFile(name), 'utf8'),
    })),
  );
}
