import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { freePort } from '../../common/free-port';
import type { GatewayKind } from './serve-gateway';

/** A process's resident memory now and its peak, MiB (Linux /proc). */
export function memoryOf(pid: number): { rssMiB: number; peakRssMiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMiB: kib('VmRSS') / 1024, peakRssMiB: kib('VmHWM') / 1024 };
}

/** Starts serve-gateway.ts in a process of its own; resolves when it serves. */
export async function startGateway(
  kind: GatewayKind,
  supergraphFile: string,
  env: NodeJS.ProcessEnv,
  nodeOptions: string[] = [],
): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      ...nodeOptions,
      '-r',
      '@swc-node/register',
      join(__dirname, 'serve-gateway.ts'),
      kind,
      supergraphFile,
      String(port),
    ],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${kind} not ready in 60 s: ${output}`)), 60_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /ready (\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`${kind} exited with ${code}: ${output}`)));
  });
  return { child, url };
}

/** Stops a gateway process: SIGTERM, then SIGKILL after a grace period (Hive's runtime may not exit on SIGTERM). */
export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}

/**
 * Grafbase Gateway, a Rust router, as the Grafbase CLI's `grafbase dev` runs it (no network needed):
 * it composes the two subgraphs by introspection. The binary comes from npm
 * (@grafbase/cli-x86_64-unknown-linux-musl, a devDependency); null where it is not installed.
 */
export async function startGrafbase(
  subgraphUrls: Record<string, string>,
  dir: string,
): Promise<{ child: ChildProcess; url: string } | null> {
  let binary: string;
  try {
    binary = join(dirname(require.resolve('@grafbase/cli-x86_64-unknown-linux-musl/package.json')), 'grafbase');
  } catch {
    return null;
  }
  const config = join(dir, 'grafbase.toml');
  writeFileSync(
    config,
    Object.entries(subgraphUrls)
      .map(([name, url]) => `[subgraphs.${name}]\nintrospection_url = "${url}"\n`)
      .join('\n'),
  );
  const port = await freePort();
  const child = spawn(binary, ['dev', '-c', config, '-p', String(port)], {
    cwd: dir,
    env: { ...process.env, GRAFBASE_DISABLE_TELEMETRY: '1', DO_NOT_TRACK: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = `http://127.0.0.1:${port}/graphql`;
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`grafbase exited with ${child.exitCode}: ${output}`);
    if (Date.now() > deadline) {
      await stop(child);
      throw new Error(`grafbase not ready in 60 s: ${output}`);
    }
    const ready = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    }).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return { child, url };
    await new Promise((done) => setTimeout(done, 200));
  }
}
