import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { DEV_SIGNING_SECRET } from '../../common/gateway-signature';
import { composeGraph } from '../../gateway/control/composition/compose-graph';
import { fetchSpecs } from '../../gateway/control/composition/fetch-sdl';
import { serveDevRealm, type ServedDevRealm } from '../../gateway/endpoints/dev-realm/serve-dev-realm';
import { serveBenchSubgraphs } from './bench-subgraphs';

/** What the gateway benchmarks share: the two in-memory subgraphs, their supergraph in a file, a realm and the caller's headers. */
export interface PeerSetup {
  subgraphs: Awaited<ReturnType<typeof serveBenchSubgraphs>>;
  /** A scratch folder for this run. */
  dir: string;
  realm: ServedDevRealm;
  supergraphFile: string;
  /** A SENSITIVE officer's token: names and salaries in clear (each read logged), the ID number masked. */
  headers: Record<string, string>;
  close(): Promise<void>;
}

export async function startPeerSetup(name: string): Promise<PeerSetup> {
  const subgraphs = await serveBenchSubgraphs();
  const dir = mkdtempSync(join(tmpdir(), `govgraph-${name}-`));
  const realm = await serveDevRealm({ realm: 'govgraph', clientId: 'govgraph-gateway', keysDir: join(dir, 'realm') });
  const close = async () => {
    await realm.close();
    await subgraphs.close();
  };
  try {
    const graph = composeGraph(
      await fetchSpecs(
        [
          { name: 'people', url: subgraphs.urls.people, federated: true },
          { name: 'payroll', url: subgraphs.urls.payroll, federated: true },
        ],
        DEV_SIGNING_SECRET,
      ),
    );
    const supergraphFile = join(dir, 'supergraph.graphql');
    writeFileSync(supergraphFile, graph.supergraphSdl);
    const token = await realm.mint({
      user: 'bench.officer',
      roles: ['staffing-officer'],
      region: '320000',
      ttlSeconds: 3600,
    });
    return { subgraphs, dir, realm, supergraphFile, headers: { authorization: `Bearer ${token}` }, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The answer with masked values left out: what every server must agree on. */
export const comparable = (data: unknown): string =>
  JSON.stringify(data, (key, value) => (key === 'idNumber' ? undefined : value));
