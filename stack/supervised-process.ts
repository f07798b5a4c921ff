import { startProcess, type ManagedProcess } from './processes';

/** How a crashed process is brought back: backoff doubling from the first delay, up to the last. */
export interface RestartPolicy {
  firstDelayMs: number;
  maxDelayMs: number;
  /** Crashes within `windowMs` after which it is left down (and the stack says so). */
  maxCrashes: number;
  windowMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = {
  firstDelayMs: 1000,
  maxDelayMs: 30_000,
  maxCrashes: 5,
  windowMs: 120_000,
};

export interface SupervisedProcess {
  readonly name: string;
  /** The running child, or the last one while it waits to be restarted (or was given up). */
  readonly current: ManagedProcess;
  /** Stops it and restarts it no more. */
  stop(): void;
}

/**
 * Runs a child process and starts it again when it exits on its own, with backoff; after too many
 * crashes in a short while it is left down and `onGiveUp` is told. Every exit and restart is logged
 * with the pid, so an operator (or a test) can tell what happened.
 */
export function supervise(
  spec: { name: string; script: string; args: string[]; env: NodeJS.ProcessEnv },
  log: (line: string) => void,
  onGiveUp: (name: string) => void,
  policy: RestartPolicy = DEFAULT_RESTART_POLICY,
): SupervisedProcess {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const crashes: number[] = [];
  const start = (): ManagedProcess => {
    const managed = startProcess(spec.name, spec.script, spec.args, spec.env);
    log(`${spec.name} started (pid ${managed.child.pid})`);
    void managed.exited.then((code) => {
      if (stopped) return;
      const now = Date.now();
      crashes.push(now);
      while (crashes.length && crashes[0]! < now - policy.windowMs) crashes.shift();
      const how = code === null ? `signal ${managed.child.signalCode}` : `code ${code}`;
      if (crashes.length >= policy.maxCrashes) {
        log(`${spec.name} exited (${how}); ${crashes.length} crashes in ${policy.windowMs / 1000} s: left down`);
        onGiveUp(spec.name);
        return;
      }
      const delay = Math.min(policy.firstDelayMs * 2 ** (crashes.length - 1), policy.maxDelayMs);
      log(
        `${spec.name} exited (${how}); restarting in ${delay / 1000} s (crash ${crashes.length} of ${policy.maxCrashes})`,
      );
      timer = setTimeout(() => {
        if (!stopped) handle.current = start();
      }, delay);
    });
    return managed;
  };
  const handle = {
    name: spec.name,
    current: start(),
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
  return handle;
}
