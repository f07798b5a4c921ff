import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Measure {
  requestsPerSecond: number;
  /** Requests answered in the run. */
  requests: number;
  /** Latency in ms. */
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

/**
 * POSTs `query` with autocannon in its own process: fixed connections, bounded duration, JSON result.
 * With `perRequestVariables`, each request sends a `$seed` of its own, so no server can merge concurrent
 * requests; otherwise every request is the same.
 */
export async function load(
  url: string,
  headers: Record<string, string>,
  query: string,
  connections: number,
  seconds: number,
  perRequestVariables = false,
  /** The seed as a number (an id no row has) rather than a string. */
  numericSeed = false,
): Promise<Measure> {
  const options = { url, headers, query, connections, seconds, perRequestVariables, numericSeed };
  const { stdout } = await run(process.execPath, [join(__dirname, 'autocannon-run.js'), JSON.stringify(options)], {
    maxBuffer: 64 * 1024 * 1024,
  });
  const result = JSON.parse(stdout) as {
    requests: { average: number; total: number };
    latency: { p50: number; p99: number };
    errors: number;
    non2xx: number;
  };
  return {
    requestsPerSecond: result.requests.average,
    requests: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

/** One answer, checked before measuring: a benchmark of errors measures nothing. Returns its data. */
export async function check(url: string, headers: Record<string, string>, query: string): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: unknown[] };
  if (!response.ok || body.errors?.length || !body.data)
    throw new Error(`${url} answered ${response.status} ${JSON.stringify(body).slice(0, 300)}`);
  return body.data;
}

/** The median of some numbers (of an even count, the mean of the middle two). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
