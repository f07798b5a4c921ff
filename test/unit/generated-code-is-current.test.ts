import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/** subgraphs/<name>/generated/ is what `npm run codegen` makes from schema/, never edited by hand. */
describe('generated resolver types', () => {
  it('match what codegen produces from schema/*.graphql today (graphql-codegen --check)', () => {
    const cli = join(root, 'node_modules', '.bin', 'graphql-codegen');
    const run = spawnSync(process.execPath, [cli, '--config', 'codegen.ts', '--check'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect([run.status, run.stderr.slice(-2000)]).toEqual([0, expect.any(String)]);
    expect(run.stdout + run.stderr).not.toMatch(/has changed|outdated/i);
  }, 70_000);
});
