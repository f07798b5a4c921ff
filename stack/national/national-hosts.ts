import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import { projectRoot } from '../../common/paths';
import type { SubgraphName } from '../../common/subgraph-catalog';

/** Nodes per host process: each builds its nodes' databases (five per node) on one core. */
export const NODES_PER_HOST = 240;

export interface NationalHost {
  child: ChildProcess;
  regions: readonly string[];
  /** Each system's host URL; a node's endpoint is nodeUrl(host, region). */
  systems: Record<SubgraphName, string>;
  /** With `central`, the first host also serves each system's registered endpoint. */
  central: Partial<Record<SubgraphName, string>>;
}

export const nodeUrl = (host: string, region: string) => host.replace(/\/graphql$/, `/nodes/${region}/graphql`);

/** One host process of nodes (stack/national/national-host); resolves once it is serving. */
function startHost(regions: readonly string[], env: NodeJS.ProcessEnv): Promise<NationalHost> {
  const child = spawn(
    process.execPath,
    [join(projectRoot, 'scripts', 'run.js'), 'stack/national/national-host', regions.join(',')],
    { stdio: ['ignore', 'pipe', 'inherit'], env },
  );
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.startsWith('{')) return;
      const ready = JSON.parse(line) as Pick<NationalHost, 'systems' | 'central'>;
      resolve({ child, regions, systems: ready.systems, central: ready.central });
    });
    child.once('exit', (code) => reject(new Error(`a national host exited (${code}) before serving`)));
  });
}

/** The host processes of the national network, two starting at a time; stop() ends them. */
export async function startNationalHosts(
  regions: readonly string[],
  options: { central?: boolean; env?: NodeJS.ProcessEnv } = {},
): Promise<{ hosts: NationalHost[]; hostOf: (region: string) => NationalHost; stop(): void }> {
  const groups: string[][] = [];
  for (let i = 0; i < regions.length; i += NODES_PER_HOST) groups.push(regions.slice(i, i + NODES_PER_HOST));
  const hosts: NationalHost[] = [];
  const stop = () => hosts.forEach((h) => h.child.kill('SIGTERM'));
  try {
    for (let i = 0; i < groups.length; i += 2)
      hosts.push(
        ...(await Promise.all(
          groups.slice(i, i + 2).map((g, k) =>
            startHost(g, {
              ...(options.env ?? process.env),
              NATIONAL_CENTRAL: options.central && i + k === 0 ? '1' : '0',
            }),
          ),
        )),
      );
  } catch (error) {
    stop();
    throw error;
  }
  const byRegion = new Map(hosts.flatMap((h) => h.regions.map((r) => [r, h] as const)));
  return { hosts, hostOf: (region) => byRegion.get(region)!, stop };
}
