import { readFileSync } from 'node:fs';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { parse } from 'graphql';

import type { StorageConfig } from '../../common/config';
import { openSubgraphDatabase, type SubgraphDatabase } from '../../common/database/database';
import type { RunningServer } from '../../common/http-server';
import { schemaFile } from '../../common/paths';
import { SUBGRAPHS } from '../../common/subgraph-catalog';
import type { SubgraphDefinition } from './definition';
import { accessOf, gatewayGuard } from './gateway-guard';
import type { NonceStore } from './nonce-store';
import { DEFAULT_MAX_PAGE_SIZE } from './pagination';
import { RegionScope } from './region-scope';
import { startSubgraphServer } from './server';
import { loadPreviousSigningKey, loadSubgraphSigningKey, type PreviousSigningKey } from './signing-key';

export interface RunSubgraphOptions {
  storage: StorageConfig;
  host?: string;
  /** Default: the catalog port; 0 picks a free one. */
  port?: number;
  maxPageSize?: number;
  /** Key to check the gateway's signatures with (default from the environment, see signing-key.ts). */
  signingKey?: Buffer;
  /** Nonces of accepted gateway calls, shared with the other replicas (default: this process's memory). */
  nonces?: NonceStore;
  /** The previous key, accepted until its time while the signing secret rotates (default from the environment). */
  previousKey?: PreviousSigningKey;
}

export interface StartedSubgraph extends RunningServer {
  readonly database: SubgraphDatabase;
}

/** A shipped subgraph's schema from schema/<name>.graphql: Federation v2, or plain GraphQL (the legacy audit system). */
export function subgraphSchema(name: string, resolvers: object, federated: boolean) {
  const typeDefs = parse(readFileSync(schemaFile(name), 'utf8'));
  return federated
    ? buildSubgraphSchema({ typeDefs, resolvers: resolvers as GraphQLResolverMap<unknown> })
    : makeExecutableSchema({ typeDefs, resolvers: resolvers as Record<string, never> });
}

const buildSchema = (definition: SubgraphDefinition) =>
  subgraphSchema(definition.name, definition.resolvers, SUBGRAPHS[definition.name].federated);

/** Opens the subgraph's own database (migrating it) and serves it over HTTP. */
export async function runSubgraph(
  definition: SubgraphDefinition,
  options: RunSubgraphOptions,
): Promise<StartedSubgraph> {
  const database = await openSubgraphDatabase({
    name: definition.name,
    tables: definition.tables,
    storage: options.storage,
  });
  const maxPageSize = options.maxPageSize ?? DEFAULT_MAX_PAGE_SIZE;
  try {
    const key = options.signingKey ?? loadSubgraphSigningKey(definition.name);
    const previousKey = options.previousKey ?? loadPreviousSigningKey(definition.name);
    const server = await startSubgraphServer({
      name: definition.name,
      schema: buildSchema(definition),
      host: options.host ?? '127.0.0.1',
      port: options.port ?? SUBGRAPHS[definition.name].port,
      guard: gatewayGuard({
        key,
        ...(options.nonces ? { nonces: options.nonces } : {}),
        ...(previousKey ? { previousKey } : {}),
      }),
      createContext: (req) => {
        const access = accessOf(req);
        const scope = RegionScope.of(access);
        return {
          dataSource: database.dataSource,
          loaders: definition.createLoaders(database.dataSource, scope),
          maxPageSize,
          access,
          scope,
        };
      },
      onClose: () => database.close(),
      readiness: async () => {
        await database.dataSource.query('SELECT 1');
        return { ready: true, detail: { store: database.dialect } };
      },
    });
    return Object.assign(server, { database });
  } catch (error) {
    await database.close();
    throw error;
  }
}
