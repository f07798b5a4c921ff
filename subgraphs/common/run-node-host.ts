import type express from 'express';

import type { StorageConfig } from '../../common/config';
import { openSubgraphDatabase, type SubgraphDatabase } from '../../common/database/database';
import { ErrorCode } from '../../common/errors';
import type { RunningServer } from '../../common/http-server';
import { SUBGRAPHS } from '../../common/subgraph-catalog';
import type { SubgraphDefinition } from './definition';
import { accessOf, gatewayGuard } from './gateway-guard';
import { DEFAULT_MAX_PAGE_SIZE } from './pagination';
import { RegionScope } from './region-scope';
import { subgraphSchema } from './run-subgraph';
import { startSubgraphServer } from './server';

/** One regional node a host serves: its region, its own database, its own signing key. */
export interface HostedNode {
  regionCode: string;
  storage: StorageConfig;
  signingKey: Buffer;
  /** Fills the node's database once it is open (a simulation's nodes over in-memory SQLite). */
  fill?: (database: SubgraphDatabase) => Promise<void>;
}

export interface NodeHost extends RunningServer {
  /** The endpoint of one node: http://host:port/nodes/<region>/graphql. */
  urlOf(regionCode: string): string;
  databaseOf(regionCode: string): SubgraphDatabase;
  /** Takes one node out (it answers 503, as a node whose service is down) or brings it back: the simulation's outage. */
  setDown(regionCode: string, down: boolean): void;
}

/**
 * Many regional nodes of one system in one process, as a simulated network runs them: one schema and one
 * HTTP server, but each node its own endpoint (/nodes/<region>/graphql), its own database and its own
 * signing key; a call is answered from the database of the node its path names, and only if signed
 * with that node's key. No node reads another node's tables.
 */
export async function runNodeHost(
  definition: SubgraphDefinition,
  nodes: readonly HostedNode[],
  options: { host?: string; port?: number; maxConnections?: number } = {},
): Promise<NodeHost> {
  const databases = new Map<string, SubgraphDatabase>();
  const guards = new Map<string, express.RequestHandler>();
  const down = new Set<string>();
  try {
    for (const node of nodes) {
      const database = await openSubgraphDatabase({
        name: definition.name,
        tables: definition.tables,
        storage: node.storage,
        maxConnections: options.maxConnections ?? 2,
      });
      databases.set(node.regionCode, database);
      await node.fill?.(database);
      guards.set(node.regionCode, gatewayGuard({ key: node.signingKey }));
    }
  } catch (error) {
    await Promise.all([...databases.values()].map((db) => db.close()));
    throw error;
  }
  const regionOf = (req: express.Request) => String(req.params['region'] ?? '');
  const server = await startSubgraphServer({
    name: `${definition.name} nodes`,
    schema: subgraphSchema(definition.name, definition.resolvers, SUBGRAPHS[definition.name].federated),
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    graphqlPath: '/nodes/:region/graphql',
    guard: (req, res, next) => {
      if (down.has(regionOf(req))) {
        res
          .status(503)
          .json({ errors: [{ message: 'node out of service', extensions: { code: ErrorCode.SUBGRAPH_UNAVAILABLE } }] });
        return;
      }
      const guard = guards.get(regionOf(req));
      if (guard) {
        guard(req, res, next);
        return;
      }
      res.status(404).json({ errors: [{ message: 'no such node here', extensions: { code: ErrorCode.NOT_FOUND } }] });
    },
    createContext: (req) => {
      const database = databases.get(regionOf(req))!;
      const access = accessOf(req);
      const scope = RegionScope.of(access);
      return {
        dataSource: database.dataSource,
        loaders: definition.createLoaders(database.dataSource, scope),
        maxPageSize: DEFAULT_MAX_PAGE_SIZE,
        access,
        scope,
      };
    },
    onClose: async () => {
      await Promise.all([...databases.values()].map((db) => db.close()));
    },
    readiness: () => ({ ready: true, detail: { nodes: databases.size } }),
  });
  const base = server.url.replace(/\/graphql$/, '');
  return Object.assign(server, {
    urlOf: (regionCode: string) => `${base}/nodes/${regionCode}/graphql`,
    databaseOf: (regionCode: string) => databases.get(regionCode)!,
    setDown: (regionCode: string, isDown: boolean) => void (isDown ? down.add(regionCode) : down.delete(regionCode)),
  });
}
