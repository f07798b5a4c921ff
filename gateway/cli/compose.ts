/**
 * `npm run compose [-- --out FILE]`: composes the shipped Federation subgraphs from schema/*.graphql
 * into a supergraph SDL (default schema/supergraph.graphql, the snapshot kept in the repository), for
 * operators who serve it with `npm run gateway -- --supergraph FILE`; and prints the schema clients see
 * (schema/api.graphql, what codegen types the operations in schema/operations/ against).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';

import { exitWithError } from '../../common/cli';
import { projectRoot } from '../../common/paths';
import { shippedApiSchema } from '../control/composition/shipped-api-schema';
import { composeShippedSupergraph } from '../control/composition/shipped-supergraph';

const program = new Command('compose')
  .option('--out <file>', 'where to write the supergraph SDL', join(projectRoot, 'schema', 'supergraph.graphql'))
  .option('--api-out <file>', 'where to write the client-facing API schema', join(projectRoot, 'schema', 'api.graphql'))
  .option('--host <host>', 'host the subgraph URLs in the supergraph point at', '127.0.0.1')
  .parse();
const opts = program.opts<{ out: string; apiOut: string; host: string }>();
try {
  const supergraph = composeShippedSupergraph((_name, port) => `http://${opts.host}:${port}/graphql`);
  writeFileSync(opts.out, supergraph);
  writeFileSync(opts.apiOut, shippedApiSchema(supergraph));
  process.stdout.write(`wrote ${opts.out} and ${opts.apiOut}\n`);
} catch (error) {
  exitWithError('composition failed')(error);
}
