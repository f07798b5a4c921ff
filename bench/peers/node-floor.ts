/**
 * The floor of any Node gateway on the one-subgraph query with per-request variables:
 * `node -r @swc-node/register bench/peers/node-floor.ts`. A bare proxy (bare-proxy.js) in a process of
 * its own in front of the peer benchmark's people subgraph, under the same load; prints its CPU per
 * request, measured as peer-bench.ts measures the gateways.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

import { freePort } from '../../common/free-port';
import { withCpu } from '../cpu-time';
import { load } from '../load';
import { serveBenchSubgraphs } from './bench-subgraphs';
import { PEER_QUERIES } from './peer-bench';

async function main(): Promise<void> {
  const subgraphs = await serveBenchSubgraphs();
  const port = await freePort();
  const proxy = spawn(process.execPath, [join(__dirname, 'bare-proxy.js'), subgraphs.urls.people, String(port)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    await new Promise((ready) => proxy.stdout!.once('data', ready));
    const url = `http://127.0.0.1:${port}/graphql`;
    const { query } = PEER_QUERIES.single;
    await load(url, {}, query, 32, 3, true); // warm up
    const { result, cpu } = await withCpu({ proxy: proxy.pid }, () => load(url, {}, query, 32, 10, true));
    const perRequest = cpu.proxy === null ? '–' : ((cpu.proxy * 1000) / result.requests).toFixed(3);
    process.stdout.write(
      `bare Node proxy: ${result.requestsPerSecond.toFixed(0)} req/s, ${perRequest} CPU ms per request\n`,
    );
  } finally {
    proxy.kill();
    await subgraphs.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
