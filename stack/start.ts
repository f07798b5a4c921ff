/**
 * `npm start`: the shipped subgraphs and the gateway on one machine. Without DATABASE_URL the subgraphs
 * use the embedded SQLite store, seeded with demo data on first run. A process that crashes is started
 * again with backoff (supervised-process.ts) while the others keep serving: the gateway answers with
 * SUBGRAPH_UNAVAILABLE for the missing system meanwhile. Ctrl-C stops everything.
 */
import 'reflect-metadata';

import { join } from 'node:path';

import { exitWithError } from '../common/cli';
import { loadStorageConfig } from '../common/config';
import { loadGatewayConfig, shippedSubgraphs } from '../gateway/config/gateway-config';
import { ensureData } from './ensure-data';
import { stopProcesses, waitForHttp } from './processes';
import { supervise, type SupervisedProcess } from './supervised-process';

const dist = join(__dirname, '..');
const log = (line: string) => process.stdout.write(`[govgraph]       ${line}\n`);

const EXAMPLE_QUERY = `{ people(first: 3, filter: { regionCode: "320500" }) { totalCount nodes { name idNumber org { name } payrollLines { month gross } reliefMemberships { household { regionCode } } } } }`;
const EXAMPLE_TOKEN = 'npm run -s token -- --user supervisor.province --roles supervisor --region 320000';
const EXAMPLE_PURPOSE = 'JC-2026-0001; demo';

async function main(): Promise<void> {
  const storage = loadStorageConfig();
  const gateway = loadGatewayConfig();
  await ensureData(storage, 'demo', log);

  const processes: SupervisedProcess[] = [];
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log('stopping ...');
    for (const p of processes) p.stop();
    await stopProcesses(processes.map((p) => p.current));
    process.exit(code);
  };
  // A subgraph left down leaves the rest serving; without the gateway nothing is served at all.
  const gaveUp = (name: string) => {
    if (name === 'gateway') {
      log('the gateway keeps crashing; stopping the stack');
      void stop(1);
    } else log(`${name} is left down: the gateway answers SUBGRAPH_UNAVAILABLE for it until the stack restarts`);
  };
  process.once('SIGINT', () => void stop(0));
  process.once('SIGTERM', () => void stop(0));

  for (const source of shippedSubgraphs(gateway)) {
    const port = new URL(source.url).port;
    processes.push(
      supervise(
        {
          name: source.name,
          script: join(dist, 'subgraphs', 'serve.js'),
          args: [source.name, '--port', port],
          env: process.env,
        },
        log,
        gaveUp,
      ),
    );
  }
  // The dev realm (tokens for the demo) is served by the gateway itself, never in production.
  const gatewayEnv = {
    ...process.env,
    AUTH_DEV_REALM: process.env['AUTH_DEV_REALM'] ?? (process.env['NODE_ENV'] === 'production' ? 'false' : 'true'),
  };
  processes.push(
    supervise({ name: 'gateway', script: join(dist, 'gateway', 'main.js'), args: [], env: gatewayEnv }, log, gaveUp),
  );

  const gatewayUrl = `http://${gateway.host}:${gateway.port}`;
  // /readyz, not /healthz: ready means a composition is served and the realm's keys are loaded.
  try {
    await waitForHttp(`${gatewayUrl}/readyz`, 90_000);
  } catch (error) {
    // Not ready in time: the children go too, never left running without the stack that started them.
    log(`${(error as Error).message}; stopping the stack`);
    await stop(1);
  }
  log(
    `subgraphs: ${shippedSubgraphs(gateway)
      .map((s) => `${s.name} ${s.url}`)
      .join(', ')}`,
  );
  log(`try: TOKEN=$(${EXAMPLE_TOKEN})`);
  log(
    `     curl -s ${gatewayUrl}/graphql -H "authorization: Bearer $TOKEN" -H 'x-govgraph-purpose: ${EXAMPLE_PURPOSE}' -H 'content-type: application/json' -d '${JSON.stringify({ query: EXAMPLE_QUERY })}'`,
  );
  log('     (without a token you are anonymous: PUBLIC fields only)');
  log('Ctrl-C stops everything.');
  // Last line on purpose: scripts and tests wait for it.
  log(`gateway ready: ${gatewayUrl}/graphql`);
}

main().catch(exitWithError('govgraph failed to start'));
