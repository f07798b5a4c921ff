/**
 * `npm run network -- --scale jiangsu [--data province|demo|test] [--port 4000]`: a simulated regional
 * network on this machine (MariaDB required): every region of the dataset runs its own node of each of
 * the five systems, over its own database, and one gateway routes over them. Jiangsu at province scale
 * is the province, 13 cities and 95 counties (109 nodes per system). `--scale national`: 31 provinces,
 * 2,850 regions, small data per node in memory (MariaDB still holds the gateway's own database).
 * `npm start` stays the one-node stack.
 */
import { Command, Option } from 'commander';

import { closeOnSignals, exitWithError } from '../common/cli';
import { loadStorageConfig } from '../common/config';
import { loadAccessConfig } from '../gateway/config/access-config';
import { createGatewayAccess, gatewayOrigin } from '../gateway/config/gateway-access';
import { openGatewayDatabase } from '../gateway/database/gateway-database';
import { loadPolicy } from '../gateway/policy/load-policy';
import { openAccessLog } from '../gateway/request/access-log/open-access-log';
import type { ScaleName } from '../subgraphs/seed/scales';
import { ensureData } from './ensure-data';
import { startNationalNetwork } from './national/national-network';
import { startNetwork } from './network';

/** The national simulation's request budget: enough for registering every node at start. */
const BULK = { requests: 100_000, perSeconds: 60 };

const program = new Command('network')
  .addOption(
    new Option('--scale <network>', 'the network to simulate').choices(['jiangsu', 'national']).default('jiangsu'),
  )
  .addOption(
    new Option('--data <scale>', 'the dataset cut into the nodes')
      .choices(['province', 'demo', 'test'])
      .default('province'),
  )
  .option('--port <port>', 'the gateway port', '4000')
  .action(async (o: { scale: string; data: ScaleName; port: string }) => {
    const log = (line: string) => process.stdout.write(`${line}\n`);
    const storage = loadStorageConfig({
      ...process.env,
      DATABASE_URL: process.env['DATABASE_URL'] || 'mysql://root@127.0.0.1:3306',
      DATABASE_PREFIX: process.env['DATABASE_PREFIX'] || 'govgraph_network_',
    });
    const port = Number(o.port);
    if (o.scale !== 'national') await ensureData(storage, o.data, log);
    const database = await openGatewayDatabase(storage);
    // As npm start: the development token issuer is on unless this is production.
    const config = loadAccessConfig({
      ...process.env,
      AUTH_DEV_REALM: process.env['AUTH_DEV_REALM'] ?? (process.env['NODE_ENV'] === 'production' ? 'false' : 'true'),
    });
    const accessLog = await openAccessLog(database, storage, config.accessLog);
    const policy = loadPolicy(config.policyPath);
    // One registrant onboards 14,250 nodes at start: the simulation lifts the per-user and per-address
    // budgets (the shipped ones allow 600 and 3,000 requests a minute).
    if (o.scale === 'national') policy.rateLimits = { ...policy.rateLimits, user: BULK, ip: BULK };
    const access = await createGatewayAccess(
      config,
      gatewayOrigin('127.0.0.1', port),
      storage.dataDir,
      { database, log: accessLog },
      policy,
    );
    const settings = { access, signingSecret: access.signingSecret, host: '127.0.0.1', port, log };
    const network =
      o.scale === 'national'
        ? await startNationalNetwork(settings)
        : await startNetwork({ ...settings, storage, scale: o.data });
    log(
      `gateway at ${network.gateway.url} over ${network.regions.length} regions × 5 systems; try\n` +
        `  TOKEN=$(${port === 4000 ? '' : `GATEWAY_PORT=${port} `}npm run -s token -- --user mz.county --roles civil-affairs-officer --region ${network.regions.at(-1)})`,
    );
    closeOnSignals(async () => {
      await network[Symbol.asyncDispose]();
      await accessLog.close();
      await database.close();
    });
  });

program.parseAsync().catch(exitWithError('network'));
