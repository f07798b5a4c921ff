/**
 * `npm run compose [-- --out FILE]`: composes the shipped Federation subgraphs from schema/*.graphql
 * into a supergraph SDL (default schema/supergraph.graphql, the snapshot kept in the repository), for
 * operators who serve it with `npm run gateway -- --supergraph FILE`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { exitWithError } from '../../common/cli';
import { projectRoot } from '../../common/paths';
import { composeShippedSupergraph } from '../composition/shipped-supergraph';

const program = new Command('compose')
  .option('--out <file>', 'where to write the supergraph SDL', join(projectRoot, 'schema', 'supergraph.graphql'))
  .option('--host <host>', 'host the subgraph URLs in the supergraph point at', '127.0.0.1')
  .parse();
const opts = program.opts<{ out: string; host: string }>();
try {
  writeFileSync(opts.out, composeShippedSupergraph((_name, port) => `http://${opts.host}:${port}/graphql`));
  process.stdout.write(`wrote ${opts.out}\n`);
} catch (error) {
  exitWithError('composition failed')(error);
}
