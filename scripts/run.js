// `node scripts/run.js <module under dist/>` [args]: build if needed, then run that compiled entry point.
const { join } = require('node:path');
const [, , entry, ...rest] = process.argv;
if (!entry) {
  process.stderr.write('usage: node scripts/run.js <entry, e.g. subgraphs/seed/cli> [args]\n');
  process.exit(2);
}
require('./build-if-needed').buildIfNeeded();
process.argv = [process.argv[0], join(__dirname, '..', 'dist', entry), ...rest];
require(join(__dirname, '..', 'dist', entry));
