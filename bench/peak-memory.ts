import { readFileSync, writeFileSync } from 'node:fs';

/**
 * This process's peak resident set size (Linux VmHWM), resettable so that one step is measured on
 * its own: writing 5 to /proc/self/clear_refs resets the peak to the current size (Linux ≥ 4.0).
 */
export const peakMemory = {
  reset(): boolean {
    try {
      writeFileSync('/proc/self/clear_refs', '5');
      return true;
    } catch {
      return false;
    }
  },
  /** Peak RSS in MiB since start or since the last reset; process.resourceUsage() where /proc is missing. */
  mib(): number {
    try {
      const kib = Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]);
      if (kib > 0) return kib / 1024;
    } catch {
      // not Linux
    }
    return process.resourceUsage().maxRSS / 1024;
  },
};
