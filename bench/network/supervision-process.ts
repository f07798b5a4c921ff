import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  DEV_SIGNING_SECRET,
  encodeAccess,
  signRequest,
  subgraphSigningKey,
  type SubgraphAccess,
} from '../../common/gateway-signature';
import { projectRoot } from '../../common/paths';
import { subgraphUrlVariable } from '../../common/subgraph-addresses';
import { SUBGRAPH_NAMES } from '../../common/subgraph-catalog';
import type { SourceEndpoints } from '../../subgraphs/supervision/sources';

/** The supervision subgraph as its own process (`serve supervision`), following the node registry in Redis. */
export interface SupervisionProcess {
  url: string;
  /** Resets the process's peak RSS to its current size (Linux clear_refs 5). */
  resetPeak(): void;
  /** Its peak RSS in MiB since start or the last reset (VmHWM). */
  peakMiB(): number;
  /** Asks it directly, signed as the gateway signs for a caller with this access context; the data. */
  ask<T>(access: SubgraphAccess, query: string, variables: Record<string, unknown>): Promise<T>;
  close(): Promise<void>;
}

export async function startSupervisionProcess(
  systems: SourceEndpoints,
  /** The node registry to follow; without it, each system is read at its endpoint. */
  redis: { url: string; prefix: string } | null,
  /** Node options of the process (a heap limit, say). */
  nodeArgs: readonly string[] = [],
): Promise<SupervisionProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env['REDIS_URL'];
  if (redis) Object.assign(env, { REDIS_URL: redis.url, REDIS_PREFIX: redis.prefix });
  for (const name of SUBGRAPH_NAMES) env[subgraphUrlVariable(name)] = systems[name];
  const child = spawn(
    process.execPath,
    [...nodeArgs, join(projectRoot, 'scripts', 'run.js'), 'subgraphs/serve', 'supervision', '--port', '0'],
    {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()).slice(-4000));
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const found = /listening at (\S+)/.exec(stdout);
      if (found) resolve(found[1]!);
    });
    child.once('exit', (code) => reject(new Error(`supervision exited (${code}) before listening: ${stderr}`)));
  });
  const status = `/proc/${child.pid}/status`;
  const key = subgraphSigningKey(DEV_SIGNING_SECRET, 'supervision');
  return {
    url,
    resetPeak: () => writeFileSync(`/proc/${child.pid}/clear_refs`, '5'),
    peakMiB: () => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(status, 'utf8'))?.[1]) / 1024,
    async ask<T>(access: SubgraphAccess, query: string, variables: Record<string, unknown>): Promise<T> {
      const body = JSON.stringify({ query, variables });
      const signed = signRequest(key, {
        method: 'POST',
        path: new URL(url).pathname,
        access: encodeAccess(access),
        body,
      });
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signed },
        body,
      });
      const answer = (await response.json()) as { data?: T; errors?: unknown[] };
      if (answer.errors?.length || !answer.data)
        throw new Error(`supervision answered ${JSON.stringify(answer).slice(0, 400)}`);
      return answer.data;
    },
    close: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}
