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

export interface CpuUse {
  /** CPU seconds of this process (gateway, subgraphs: whatever runs in it). */
  self: number;
  /** CPU seconds of the local database server, or null when it is not local. */
  database: number | null;
}

/** Measures the CPU this process and the database server spend while `work` runs. */
export async function withCpu<T>(databasePid: number | null, work: () => Promise<T>): Promise<{ result: T; cpu: CpuUse }> {
  const self = process.cpuUsage();
  const database = databasePid === null ? null : processCpuSeconds(databasePid);
  const result = await work();
  const used = process.cpuUsage(self);
  const databaseAfter = databasePid === null ? null : processCpuSeconds(databasePid);
  return {
    result,
    cpu: { self: (used.user + used.system) / 1e6, database: database === null || databaseAfter === null ? null : databaseAfter - database },
  };
}
