import type { RunningServer } from '../../common/http-server';
import type { NodeTable } from '../../common/regional-nodes/node-table';
import { SUPERVISION } from '../../common/subgraph-catalog';
import { accessOf, gatewayGuard } from '../common/gateway-guard';
import type { NonceStore } from '../common/nonce-store';
import { DEFAULT_MAX_PAGE_SIZE } from '../common/pagination';
import { RegionScope } from '../common/region-scope';
import { subgraphSchema } from '../common/run-subgraph';
import { startSubgraphServer } from '../common/server';
import { loadPreviousSigningKey, loadSubgraphSigningKey } from '../common/signing-key';
import { CheckCache } from './check-cache';
import type { Context } from './context';
import { resolvers } from './resolvers';
import { Sources, type SourceEndpoints } from './sources';
import { SupervisionChecks } from './supervision-checks';

/** What a service that reads the systems on its callers' behalf is started with (supervision, cases). */
export interface SourceReadingServiceOptions {
  /** The departmental systems' GraphQL URLs. */
  sources: SourceEndpoints;
  /** The gateway's signing secret, to sign calls to the systems (their keys derive from it). */
  signingSecret: string;
  host?: string;
  /** Default: the catalog port; 0 picks a free one. */
  port?: number;
  maxPageSize?: number;
  /** Key to check the gateway's signatures with (default from the environment, see signing-key.ts). */
  signingKey?: Buffer;
  /** Nonces of accepted gateway calls, shared with the other replicas (default: this process's memory). */
  nonces?: NonceStore;
  /** Budget of one call to a system (default 30 s: a province-wide check reads a lot). */
  sourceTimeoutMs?: number;
  /** The systems' regional nodes, kept current from the node registry (none: each system at its URL). */
  nodes?: NodeTable;
}

export interface RunSupervisionOptions extends SourceReadingServiceOptions {
  /** How long a check's result serves further pages (default 60 s). */
  resultTtlMs?: number;
}

/** No access context: a guarded request always has one, but an empty scope is the safe default. */
const NOBODY = { user: 'anonymous', roles: [], clearance: 'PUBLIC', regions: [], purpose: null };

/** Serves the cross-department checks: no database, every answer read live from the systems. */
export async function runSupervision(options: RunSupervisionOptions): Promise<RunningServer> {
  const maxPageSize = options.maxPageSize ?? DEFAULT_MAX_PAGE_SIZE;
  const cache = new CheckCache(options.resultTtlMs ?? 60_000);
  const sourceOptions = {
    endpoints: options.sources,
    signingSecret: options.signingSecret,
    timeoutMs: options.sourceTimeoutMs ?? 30_000,
    ...(options.nodes ? { nodes: options.nodes } : {}),
  };
  const previousKey = loadPreviousSigningKey('supervision');
  return startSubgraphServer<Context>({
    name: 'supervision',
    schema: subgraphSchema('supervision', resolvers, SUPERVISION.federated),
    host: options.host ?? '127.0.0.1',
    port: options.port ?? SUPERVISION.port,
    guard: gatewayGuard({
      key: options.signingKey ?? loadSubgraphSigningKey('supervision'),
      ...(options.nonces ? { nonces: options.nonces } : {}),
      ...(previousKey ? { previousKey } : {}),
    }),
    createContext: (req) => {
      const access = accessOf(req) ?? NOBODY;
      return {
        maxPageSize,
        access,
        scope: RegionScope.of(access),
        checks: new SupervisionChecks(() => new Sources(sourceOptions, access), cache, access),
      };
    },
  });
}
