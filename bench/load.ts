import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Measure {
  requestsPerSecond: number;
  /** Latency in ms. */
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

/** POSTs `query` with autocannon in its own process: fixed connections, bounded duration, JSON result. */
export async function load(
  url: string,
  headers: Record<string, string>,
  query: string,
  connections: number,
  seconds: number,
): Promise<Measure> {
  const args = [
    '-c',
    String(connections),
    '-d',
    String(seconds),
    '-m',
    'POST',
    '-j',
    '-H',
    'content-type=application/json',
    '-b',
    JSON.stringify({ query }),
  ];
  for (const [name, value] of Object.entries(headers)) args.push('-H', `${name}=${value}`);
  const { stdout } = await run(process.execPath, [require.resolve('autocannon/autocannon.js'), ...args, url], {
    maxBuffer: 64 * 1024 * 1024,
  });
  const result = JSON.parse(stdout) as {
    requests: { average: number };
    latency: { p50: number; p99: number };
    errors: number;
    non2xx: number;
  };
  return {
    requestsPerSecond: result.requests.average,
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
