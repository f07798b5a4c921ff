/**
 * Where govgraph's CPU goes per request: `node -r @swc-node/register bench/peers/profile-gateway.ts
 * [single|join] [seconds]`. Runs govgraph as the peer benchmark does (per-request variables), under
 * --cpu-prof, then prints self time per request by part of the path (a request stage, the subgraph
 * calls, graphql-js, Apollo Server, Node's HTTP, the garbage collector...) and the heaviest functions.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

import { load } from '../load';
import { startGateway, stop } from './gateway-process';
import { PEER_QUERIES } from './peer-bench';
import { startPeerSetup } from './peer-setup';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const ROOT = join(__dirname, '..', '..');

/** The part of the path a source file belongs to: our folders by name, libraries by package. */
function partOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : `(native) ${functionName}`;
  const path = url.startsWith('file://') ? url.slice(7) : url;
  const library = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (library) return library[1]!;
  if (path.startsWith('node:')) return `node:${path.slice(5).split('/')[0]}`;
  if (!path.startsWith('/')) return `node:${path.split('/')[0]}`;
  const own = relative(ROOT, path);
  return own.startsWith('..') ? path : own.split('/').slice(0, 3).join('/');
}

function summarise(profile: Profile, requests: number, top: number): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfMicros = new Map<number, number>();
  profile.samples.forEach((id, i) => selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const parts = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const [id, micros] of selfMicros) {
    const { callFrame } = byId.get(id)!;
    if (callFrame.functionName === '(idle)') continue;
    const part = partOf(callFrame.url, callFrame.functionName);
    parts.set(part, (parts.get(part) ?? 0) + micros);
    const name = `${callFrame.functionName || '(anonymous)'} ${part}:${callFrame.lineNumber + 1}`;
    functions.set(name, (functions.get(name) ?? 0) + micros);
  }
  const perRequest = (micros: number) => (micros / 1000 / requests).toFixed(4);
  const total = [...parts.values()].reduce((a, b) => a + b, 0);
  const rows = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, micros]) => `${perRequest(micros).padStart(8)} ms  ${name}`);
  return [
    `busy CPU ${perRequest(total)} ms per request over ${requests} requests`,
    '',
    'by part (self time, ms per request):',
    ...rows(parts),
    '',
    'heaviest functions:',
    ...rows(functions),
  ].join('\n');
}

async function main(): Promise<void> {
  const queryName = (process.argv[2] ?? 'join') as keyof typeof PEER_QUERIES;
  const seconds = Number(process.argv[3] ?? 10);
  const setup = await startPeerSetup('profile');
  const profileDir = mkdtempSync(join(tmpdir(), 'govgraph-profile-'));
  try {
    const file = join(profileDir, 'gateway.cpuprofile');
    const { child, url } = await startGateway('govgraph', setup.supergraphFile, {
      KEYCLOAK_URL: setup.realm.url,
      NODE_ENV: 'production',
      GOVGRAPH_CPU_PROFILE: file,
    });
    const { query } = PEER_QUERIES[queryName];
    await load(url, setup.headers, query, 32, 3, true); // warm up: JIT, pools, caches
    child.kill('SIGUSR2');
    const run = await load(url, setup.headers, query, 32, seconds, true);
    await stop(child);
    const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
    process.stdout.write(`${summarise(profile, run.requests, 45)}\n(profile: ${file})\n`);
  } finally {
    await setup.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
