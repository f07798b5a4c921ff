/**
 * One process of the national simulation: `node scripts/run.js stack/national/national-host
 * <region,region,...>` serves every given region's node of each of the five systems, each over its own
 * in-memory SQLite database (the small node dataset, made that region's own), behind its own endpoint
 * and signing key. With NATIONAL_CENTRAL=1 it also serves each system's registered endpoint (the first
 * region's data, checking the system's own key: what the registry asks for the schema). Prints one JSON
 * line, { "systems": { "<system>": "<url of the host>" }, "central": { "<system>": "<url>" } }, once ready.
 */
import 'reflect-metadata';

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { closeOnSignals, exitWithError } from '../../common/cli';
import { DEV_PERSON_KEY_SECRET } from '../../common/config';
import { DEV_SIGNING_SECRET, subgraphSigningKey } from '../../common/gateway-signature';
import { isRegionCode } from '../../common/identifiers/region-code';
import { nodeId } from '../../common/regional-nodes/regional-node';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../common/subgraph-catalog';
import { runNodeHost, type HostedNode, type NodeHost } from '../../subgraphs/common/run-node-host';
import { SUBGRAPH_DEFINITIONS } from '../../subgraphs/definitions';
import { fillNode, nodeTemplate } from './node-dataset';

async function main(): Promise<void> {
  const regions = (process.argv[2] ?? '').split(',').filter(Boolean);
  const bad = regions.find((r) => !isRegionCode(r));
  if (!regions.length || bad) throw new Error(`usage: national-host <region,...> (not a region code: ${bad})`);
  const secret = process.env['GATEWAY_SIGNING_SECRET'] || DEV_SIGNING_SECRET;
  const template = await nodeTemplate();
  const dataDir = mkdtempSync(join(tmpdir(), 'govgraph-national-'));
  /** One node of a system: its region's data in its own directory, checking the key of `signer`. */
  const hosted = (system: SubgraphName, regionCode: string, dir: string, signer: string): HostedNode => ({
    regionCode,
    storage: { databasePrefix: 'govgraph_', dataDir: join(dataDir, dir), personKeySecret: DEV_PERSON_KEY_SECRET },
    signingKey: subgraphSigningKey(secret, signer),
    fill: (database) => fillNode(template, system, regionCode, database),
  });
  const hosts: NodeHost[] = [];
  for (const system of SUBGRAPH_NAMES)
    hosts.push(
      await runNodeHost(
        SUBGRAPH_DEFINITIONS[system],
        regions.map((regionCode) => hosted(system, regionCode, regionCode, nodeId(system, regionCode))),
      ),
    );
  const systems = Object.fromEntries(SUBGRAPH_NAMES.map((s, i) => [s, hosts[i]!.url]));
  const central: Record<string, string> = {};
  if (process.env['NATIONAL_CENTRAL'] === '1')
    for (const system of SUBGRAPH_NAMES) {
      const first = regions[0]!;
      const host = await runNodeHost(SUBGRAPH_DEFINITIONS[system], [hosted(system, first, 'central', system)]);
      hosts.push(host);
      central[system] = host.urlOf(first);
    }
  process.stdout.write(`${JSON.stringify({ systems, central })}\n`);
  closeOnSignals(async () => {
    await Promise.all(hosts.map((h) => h.close()));
  });
}

main().catch(exitWithError('national host'));
