import type { StorageConfig } from '../../common/config';
import { openSubgraphDatabase } from '../../common/database/database';
import type { RunningServer } from '../../common/http-server';
import { CASES } from '../../common/subgraph-catalog';
import { accessOf, gatewayGuard } from '../common/gateway-guard';
import type { NonceStore } from '../common/nonce-store';
import { DEFAULT_MAX_PAGE_SIZE } from '../common/pagination';
import { RegionScope } from '../common/region-scope';
import { subgraphSchema } from '../common/run-subgraph';
import { startSubgraphServer } from '../common/server';
import { loadPreviousSigningKey, loadSubgraphSigningKey } from '../common/signing-key';
import { Sources, type SourceEndpoints } from '../supervision/sources';
import { ComplaintDesk } from './complaints/complaint-desk';
import type { Context } from './context';
import { LeadService } from './leads/lead-service';
import { LeadStore } from './leads/lead-store';
import { BatchStore } from './pre-payment/batch-store';
import { resolvers } from './resolvers';
import { casesTables } from './tables';

export interface RunCasesOptions {
  storage: StorageConfig;
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
  /** Budget of one call to a system (default 30 s: a large batch reads a lot). */
  sourceTimeoutMs?: number;
}

export interface StartedCases extends RunningServer {
  readonly dialect: string;
}

/** No access context: a guarded request always has one, but an empty scope is the safe default. */
const NOBODY = { user: 'anonymous', roles: [], clearance: 'PUBLIC', regions: [], purpose: null };

/** Serves the cases system: its own database for what it records (batches, leads), the systems read live for facts. */
export async function runCases(options: RunCasesOptions): Promise<StartedCases> {
  const database = await openSubgraphDatabase({ name: 'cases', tables: casesTables, storage: options.storage });
  try {
    const maxPageSize = options.maxPageSize ?? DEFAULT_MAX_PAGE_SIZE;
    const store = new BatchStore(database.dataSource, () => database.persist());
    const leadStore = new LeadStore(database.dataSource, () => database.persist());
    const complaints = new ComplaintDesk(database.dataSource, leadStore, () => database.persist());
    const sourceOptions = {
      endpoints: options.sources,
      signingSecret: options.signingSecret,
      timeoutMs: options.sourceTimeoutMs ?? 30_000,
    };
    const previousKey = loadPreviousSigningKey('cases');
    const server = await startSubgraphServer<Context>({
      name: 'cases',
      schema: subgraphSchema('cases', resolvers, CASES.federated),
      host: options.host ?? '127.0.0.1',
      port: options.port ?? CASES.port,
      guard: gatewayGuard({
        key: options.signingKey ?? loadSubgraphSigningKey('cases'),
        ...(options.nonces ? { nonces: options.nonces } : {}),
        ...(previousKey ? { previousKey } : {}),
      }),
      createContext: (req) => {
        const access = accessOf(req) ?? NOBODY;
        const scope = RegionScope.of(access);
        return {
          maxPageSize,
          access,
          scope,
          store,
          leadStore,
          leads: new LeadService(leadStore, access, scope),
          complaints,
          sources: new Sources(sourceOptions, access),
        };
      },
      onClose: () => database.close(),
      readiness: async () => {
        await database.dataSource.query('SELECT 1');
        return { ready: true, detail: { store: database.dialect } };
      },
    });
    return Object.assign(server, { dialect: database.dialect });
  } catch (error) {
    await database.close();
    throw error;
  }
}
