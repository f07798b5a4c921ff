import { spawn, type ChildProcess } from 'node:child_process';

export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  exited: Promise<number | null>;
}

/** Starts a child process whose output lines are prefixed with its name. */
export function startProcess(name: string, script: string, args: string[], env: NodeJS.ProcessEnv): ManagedProcess {
  const child = spawn(process.execPath, [script, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = `[${name}]`.padEnd(16);
  for (const stream of [child.stdout, child.stderr]) {
    let partial = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) process.stdout.write(`${prefix} ${line}\n`);
    });
  }
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { name, child, exited };
}

/** SIGTERM, then SIGKILL for whatever has not exited after the grace period. */
export async function stopProcesses(processes: readonly ManagedProcess[], graceMs = 5000): Promise<void> {
  const running = processes.filter((p) => p.child.exitCode === null && p.child.signalCode === null);
  for (const p of running) p.child.kill('SIGTERM');
  const timer = setTimeout(() => {
    for (const p of running) if (p.child.exitCode === null) p.child.kill('SIGKILL');
  }, graceMs);
  await Promise.all(running.map((p) => p.exited));
  clearTimeout(timer);
}

/** Polls a URL until it answers 200, or fails after the deadline. */
export async function waitForHttp(url: string, deadlineMs: number): Promise<void> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > until) throw new Error(`${url} did not come up within ${deadlineMs / 1000} s`);
    await new Promise((done) => setTimeout(done, 200));
  }
}
