import { InvalidArgumentError } from 'commander';

/** A commander option parser for an integer in [min, max]. */
export function integerOption(min: number, max: number, what: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`${what} is an integer ${min}-${max}`);
    return n;
  };
}

/** Closes the server on SIGINT / SIGTERM, then exits (1 if closing failed). */
export function closeOnSignals(close: () => Promise<void>): void {
  const stop = () => {
    close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** Prints a start-up failure as one line (no stack) and exits 1. */
export function exitWithError(prefix: string): (error: unknown) => void {
  return (error) => {
    process.stderr.write(`${prefix}: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  };
}
