import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { gql } from '../support/graphql';

const root = join(__dirname, '..', '..');

/** `npm run subgraph:serve -- staffing --port 0`, as README documents it: one departmental system on its own. */
it('npm run subgraph:serve starts one subgraph, which answers only the gateway', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'govgraph-serve-'));
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const child = spawn(npm, ['run', '-s', 'subgraph:serve', '--', 'staffing', '--port', '0'], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', () => {
        const match = /staffing \(sqlite\) listening at (\S+)/.exec(output);
        if (match) resolve(match[1]!);
      });
      child.once('exit', (code) => reject(new Error(`subgraph:serve exited with ${code}:\n${output}`)));
    });
    // A call not signed by the gateway is refused with a code, not served.
    const answer = await gql(url, '{ _service { sdl } }');
    expect(answer.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  } finally {
    // npm runs the server in a child of its own: stop the whole group this test started.
    if (child.pid) process.kill(-child.pid, 'SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 120_000);
