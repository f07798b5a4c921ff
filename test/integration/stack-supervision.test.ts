import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { supervise } from '../../stack/supervised-process';
import { waitUntil } from '../support/wait';

const POLICY = { firstDelayMs: 20, maxDelayMs: 50, maxCrashes: 3, windowMs: 10_000 };
const dir = mkdtempSync(join(tmpdir(), 'govgraph-supervise-'));
const script = (name: string, source: string) => {
  const file = join(dir, name);
  writeFileSync(file, source);
  return file;
};

/** npm start's restart policy, over real child processes. */
describe('a supervised process of the one-machine stack', () => {
  it('is started again with doubling backoff after each crash, and left down after too many', async () => {
    const lines: string[] = [];
    const gaveUp: string[] = [];
    supervise(
      { name: 'crashy', script: script('crash.js', 'process.exit(3)'), args: [], env: process.env },
      (line) => lines.push(line),
      (name) => gaveUp.push(name),
      POLICY,
    );
    await waitUntil(10_000, () => gaveUp.length > 0);
    expect(gaveUp).toEqual(['crashy']);
    expect(lines.filter((l) => /^crashy started \(pid \d+\)$/.test(l))).toHaveLength(3);
    expect(lines.filter((l) => !l.includes('started'))).toEqual([
      'crashy exited (code 3); restarting in 0.02 s (crash 1 of 3)',
      'crashy exited (code 3); restarting in 0.04 s (crash 2 of 3)',
      'crashy exited (code 3); 3 crashes in 10 s: left down',
    ]);
  });

  it('once stopped, is not started again when its process ends', async () => {
    const lines: string[] = [];
    const supervised = supervise(
      { name: 'steady', script: script('steady.js', 'setTimeout(() => {}, 60_000)'), args: [], env: process.env },
      (line) => lines.push(line),
      () => undefined,
      POLICY,
    );
    supervised.stop();
    supervised.current.child.kill('SIGTERM');
    await supervised.current.exited;
    await new Promise((done) => setTimeout(done, POLICY.maxDelayMs * 4)); // longer than any restart delay
    expect(lines).toEqual([`steady started (pid ${supervised.current.child.pid})`]);
  });
});
