import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** CPU seconds a process has used (user + system), from /proc; null where that cannot be read. */
function processCpuSeconds(pid: number): number | null {
  try {
    // fields after the command name (which may hold spaces): utime and stime are the 12th and 13th
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // clock ticks, 100 per second on Linux
  } catch {
    return null;
  }
}

/** The local MariaDB/MySQL server's pid, if it runs on this machine. */
export function localDatabasePid(): number | null {
  for (const name of ['mariadbd', 'mysqld']) {
    try {
      const pid = Number(execFileSync('pidof', ['-s', name], { encoding: 'utf8' }).trim());
      if (pid > 0) return pid;
    } catch {
      // not running under this name
    }
  }
  return null;
}

/** Measures the CPU seconds each named process spends while `work` runs (null where /proc cannot tell). */
export async function withCpu<T, K extends string>(
  pids: Record<K, number | null | undefined>,
  work: () => Promise<T>,
): Promise<{ result: T; cpu: Record<K, number | null> }> {
  const read = () =>
    Object.fromEntries(
      Object.entries<number | null | undefined>(pids).map(([name, pid]) => [name, pid ? processCpuSeconds(pid) : null]),
    ) as Record<K, number | null>;
  const before = read();
  const result = await work();
  const after = read();
  const cpu = Object.fromEntries(
    Object.keys(pids).map((name) => {
      const [b, a] = [before[name as K], after[name as K]];
      return [name, b === null || a === null ? null : a - b];
    }),
  ) as Record<K, number | null>;
  return { result, cpu };
}
