import { hostname } from 'node:os';

import type { StorageConfig } from '../../common/config';
import { openSubgraphDatabase } from '../../common/database/database';
import type { SubgraphAccess } from '../../common/gateway-signature';
import type { RunningServer } from '../../common/http-server';
import { CASES } from '../../common/subgraph-catalog';
import { accessOf, gatewayGuard, signedCallCheck } from '../common/gateway-guard';
import { memoryNonceStore } from '../common/nonce-store';
import { DEFAULT_MAX_PAGE_SIZE } from '../common/pagination';
import { RegionScope } from '../common/region-scope';
import { subgraphSchema } from '../common/run-subgraph';
import { startSubgraphServer } from '../common/server';
import { loadPreviousSigningKey, loadSubgraphSigningKey } from '../common/signing-key';
import { subscriptionEndpoint } from '../common/subscription-endpoint';
import type { SourceReadingServiceOptions } from '../supervision/run-supervision';
import { Sources } from '../supervision/sources';
import { ComplaintDesk } from './complaints/complaint-desk';
import type { Context } from './context';
import { LeadService } from './leads/lead-service';
import { LeadStore } from './leads/lead-store';
import { localCaseEvents, redisCaseEvents, type CaseEvent, type CaseEvents } from './notifications/case-events';
import { notifyAll } from './notifications/notify';
import { WebhookSender, type WebhookRetries } from './notifications/webhook-sender';
import { WebhookService } from './notifications/webhook-service';
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
  /** Webhooks (with Redis only): the hosts they may point at (default none), and how deliveries are retried. */
  webhooks?: { allowedHosts: readonly string[]; retries?: Partial<WebhookRetries> };
}

export interface StartedCases extends RunningServer {
  readonly dialect: string;
  /** This replica's rule runs. */
  readonly runner: RuleRunner;
}

/** No access context: a guarded request always has one, but an empty scope is the safe default. */
const NOBODY: SubgraphAccess = { user: 'anonymous', roles: [], clearance: 'PUBLIC', regions: [], purpose: null };

/** Serves the cases system: its own database for what it records (batches, leads), the systems read live for facts. */
export async function runCases(options: RunCasesOptions): Promise<StartedCases> {
  const database = await openSubgraphDatabase({ name: 'cases', tables: casesTables, storage: options.storage });
  let scheduler: RuleScheduler | null = null;
  let events: CaseEvents | null = null;
  let sender: WebhookSender | null = null;
  try {
    events = options.redis ? await redisCaseEvents(options.redis.url, options.redis.prefix) : localCaseEvents();
    const persist = () => database.persist();
    sender = options.redis
      ? await WebhookSender.start({
          redisUrl: options.redis.url,
          prefix: options.redis.prefix,
          dataSource: database.dataSource,
          persist,
          ...(options.webhooks?.retries ? { retries: options.webhooks.retries } : {}),
        })
      : null;
    const webhooks = sender;
    const notify = notifyAll([events.publish, ...(webhooks ? [(e: CaseEvent) => webhooks.enqueue(e)] : [])]);
    const maxPageSize = options.maxPageSize ?? DEFAULT_MAX_PAGE_SIZE;
    const store = new BatchStore(database.dataSource, persist);
    const leadStore = new LeadStore(database.dataSource, persist, notify);
    const complaints = new ComplaintDesk(database.dataSource, leadStore, persist);
    const sourceOptions = {
      endpoints: options.sources,
      signingSecret: options.signingSecret,
      timeoutMs: options.sourceTimeoutMs ?? 30_000,
      ...(options.nodes ? { nodes: options.nodes } : {}),
    };
    const runner = new RuleRunner(
      database.dataSource,
      leadStore,
      sourceOptions,
      options.runnerName ?? `${hostname()}:${process.pid}`,
      persist,
      notify,
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
    const signed = {
      key: options.signingKey ?? loadSubgraphSigningKey('cases'),
      nonces: options.nonces ?? memoryNonceStore(),
      ...(previousKey ? { previousKey } : {}),
    };
    const caseEvents = events;
    const contextOf = (access: SubgraphAccess): Context => {
      const scope = RegionScope.of(access);
      return {
        dataSource: database.dataSource,
        events: caseEvents,
        maxPageSize,
        access,
        scope,
        store,
        leadStore,
        leads: new LeadService(leadStore, access, scope),
        complaints,
        rules: new RuleService(database.dataSource, runner, rules, access, scope),
        sources: new Sources(sourceOptions, access),
        webhooks: new WebhookService(
          database.dataSource,
          persist,
          webhooks,
          options.webhooks?.allowedHosts ?? [],
          access,
          scope,
        ),
      };
    };
    const schema = subgraphSchema('cases', resolvers, CASES.federated);
    const server = await startSubgraphServer<Context>({
      name: 'cases',
      schema,
      host: options.host ?? '127.0.0.1',
      port: options.port ?? CASES.port,
      guard: gatewayGuard(signed),
      webSockets: subscriptionEndpoint({ schema, check: signedCallCheck(signed), createContext: contextOf }),
      createContext: (req) => contextOf(accessOf(req) ?? NOBODY),
      onClose: async () => {
        await rules?.close();
        await webhooks?.close();
        await caseEvents.close();
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
    await sender?.close();
    await events?.close();
    await database.close();
    throw error;
  }
}
