// `npm run lint`: package-lock.json lists every platform's optional binaries (@swc/core-darwin-arm64 and
// the like), so that `npm ci` works on any machine, not only on the platform that last wrote the lock.
// A lock written where some were left out fails here with their names (fix: npm install --force, or
// delete the lock's entries for the package and run npm install again).
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const lock = JSON.parse(readFileSync(join(__dirname, '..', 'package-lock.json'), 'utf8'));
const packages = lock.packages ?? {};
const missing = [];
/** Whether `name` resolves from the package at `path`: beside it, or in a node_modules further up. */
function locked(path, name) {
  for (let base = path; ;) {
    if (packages[`${base ? `${base}/` : ''}node_modules/${name}`]) return true;
    if (!base) return false;
    const up = base.lastIndexOf('/node_modules/');
    base = up < 0 ? '' : base.slice(0, up);
  }
}
for (const [path, entry] of Object.entries(packages))
  for (const name of Object.keys(entry.optionalDependencies ?? {}))
    if (!locked(path, name)) missing.push(`${name} (optional dependency of ${path || 'the project'})`);
if (missing.length) {
  process.stderr.write(
    `package-lock.json lacks optional binaries, so npm ci fails elsewhere:\n  ${missing.join('\n  ')}\n`,
  );
  process.exit(1);
}
process.stdout.write(
  `package-lock.json: every optional dependency is locked (${Object.keys(packages).length} packages)\n`,
);
