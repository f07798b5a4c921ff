// Builds dist/ with tsc when any TypeScript source is newer than the last build. Plain JS so that
// `npm start` works on a fresh clone before anything is compiled.
const { execFileSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const stamp = join(root, 'dist', '.tsbuildinfo');
const SOURCES = ['common', 'subgraphs', 'gateway', 'stack', 'client'];

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function buildIfNeeded() {
  const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
  const sources = Math.max(
    ...SOURCES.map((d) => newestSource(join(root, d))),
    statSync(join(root, 'tsconfig.json')).mtimeMs,
  );
  if (sources <= built) return;
  process.stderr.write('building (tsc) ...\n');
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], {
    stdio: 'inherit',
    cwd: root,
  });
}

module.exports = { buildIfNeeded };
if (require.main === module) buildIfNeeded();
