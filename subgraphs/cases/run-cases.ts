import { hostname } from 'node:os';

import type { StorageConfig } from '../../common/config';
import { openSubgraphDatabase } from '../../common/database/database';
import type { RunningServer } from '../../common/http-server';
import { CASES } from '../../common/subgraph-catalog';
import { accessOf, gatewayGuard } from '../common/gateway-guard';
import { DEFAULT_MAX_PAGE_SIZE } from '../common/pagination';
import { RegionScope } from '../common/region-scope';
import { subgraphSchema } from '../common/run-subgraph';
import { startSubgraphServer } from '../common/server';
import { loadPreviousSigningKey, loadSubgraphSigningKey } from '../common/signing-key';
import type { SourceReadingServiceOptions } from '../supervision/run-supervision';
import { Sources } from '../supervision/sources';
import { ComplaintDesk } from './complaints/complaint-desk';
import type { Context } from './context';
import { LeadService } from './leads/lead-service';
import { LeadStore } from './leads/lead-store';
import { BatchStore } from './pre-payment/batch-store';
import { resolvers } from './resolvers';
import { RuleRunner } from './rules/rule-runner';
import { RuleScheduler } from './rules/rule-scheduler';
import { RuleService } from './rules/rule-service';
import { casesTables } from './tables';

export interface RunCasesOptions extends SourceReadingServiceOptions {
  storage: StorageConfig;
  /** Redis for the rules' schedules (BullMQ), shared by every replica; without it rules run only when asked. */
  redis?: { url: string; prefix: string };
  /** This replica's name in the runs it records (default host and pid). */
  runnerName?: string;
}

export interface StartedCases extends RunningServer {
  readonly dialect: string;
  /** This replica's rule runs. */
  readonly runner: RuleRunner;
}

/** No access context: a guarded request always has one, but an empty scope is the safe default. */
const NOBODY = { user: 'anonymous', roles: [], clearance: 'PUBLIC', regions: [], purpose: null };

/** Serves the cases system: its own database for what it records (batches, leads), the systems read live for facts. */
export async function runCases(options: RunCasesOptions): Promise<StartedCases> {
  const database = await openSubgraphDatabase({ name: 'cases', tables: casesTables, storage: options.storage });
  let scheduler: RuleScheduler | null = null;
  try {
    const maxPageSize = options.maxPageSize ?? DEFAULT_MAX_PAGE_SIZE;
    const persist = () => database.persist();
    const store = new BatchStore(database.dataSource, persist);
    const leadStore = new LeadStore(database.dataSource, persist);
    const complaints = new ComplaintDesk(database.dataSource, leadStore, persist);
    const sourceOptions = {
      endpoints: options.sources,
      signingSecret: options.signingSecret,
      timeoutMs: options.sourceTimeoutMs ?? 30_000,
    };
    const runner = new RuleRunner(
      database.dataSource,
      leadStore,
      sourceOptions,
      options.runnerName ?? `${hostname()}:${process.pid}`,
      persist,
    );
    const rules = (scheduler = options.redis
      ? await RuleScheduler.start({
          redisUrl: options.redis.url,
          prefix: options.redis.prefix,
          dataSource: database.dataSource,
          runner,
          leads: leadStore,
        })
      : null);
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
          rules: new RuleService(database.dataSource, runner, rules, access, scope),
          sources: new Sources(sourceOptions, access),
        };
      },
      onClose: async () => {
        await rules?.close();
        await database.close();
      },
      readiness: async () => {
        await database.dataSource.query('SELECT 1');
        return { ready: true, detail: { store: database.dialect } };
      },
    });
    return Object.assign(server, { dialect: database.dialect, runner });
  } catch (error) {
    await scheduler?.close();
    await database.close();
    throw error;
  }
}
