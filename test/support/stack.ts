import 'reflect-metadata';

import type { StorageConfig } from '../../common/config';
import { DEV_SIGNING_SECRET } from '../../common/gateway-signature';
import type { RunningServer } from '../../common/http-server';
import {
  SHIPPED_SUBGRAPHS,
  SUBGRAPH_NAMES,
  type ShippedSubgraphName,
  type SubgraphName,
} from '../../common/subgraph-catalog';
import type { AccessConfig } from '../../gateway/config/access-config';
import type { AccessStores } from '../../gateway/config/gateway-access';
import { composeGraph, type ComposedGraph } from '../../gateway/control/composition/compose-graph';
import { fetchSpecs } from '../../gateway/control/composition/fetch-sdl';
import { createGateway, type RunningGateway } from '../../gateway/create-gateway';
import type { Policy } from '../../gateway/policy/policy-model';
import { DEFAULT_CALL_POLICY, type SubgraphCallPolicy } from '../../gateway/request/resilience/call-policy';
import { runCases, type StartedCases } from '../../subgraphs/cases/run-cases';
import { runSubgraph, type StartedSubgraph } from '../../subgraphs/common/run-subgraph';
import { SUBGRAPH_DEFINITIONS } from '../../subgraphs/definitions';
import { runSupervision } from '../../subgraphs/supervision/run-supervision';
import { caller, INSPECTION_PURPOSE, startTestRealm, testAccess, type Caller, type TestRealm } from './access';

/** The five subgraphs, the supervision and cases subgraphs and a gateway, in this process, on free ports, over real HTTP. */
export interface TestStack extends AsyncDisposable {
  /** The gateway's /graphql URL; requests to it alone are anonymous. */
  gatewayUrl: string;
  /** A province-wide supervisor (RESTRICTED clearance) stating an inspection case: sees every field in clear. */
  supervisor: Caller;
  realm: TestRealm;
  gateway: RunningGateway;
  /** The composition the gateway serves, for starting another gateway over the same subgraphs. */
  graph: ComposedGraph;
  subgraphs: Record<SubgraphName, StartedSubgraph>;
  supervision: RunningServer;
  cases: StartedCases;
  resetStatementCounts(): void;
  statementCounts(): Record<SubgraphName, number>;
}

export async function startSubgraphs(
  storage: StorageConfig,
  names: readonly SubgraphName[] = SUBGRAPH_NAMES,
): Promise<Record<SubgraphName, StartedSubgraph>> {
  const started = await Promise.all(names.map((name) => runSubgraph(SUBGRAPH_DEFINITIONS[name], { storage, port: 0 })));
  return Object.fromEntries(started.map((s) => [s.name, s])) as Record<SubgraphName, StartedSubgraph>;
}

const sourcesOf = (subgraphs: Record<SubgraphName, { url: string }>) =>
  Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, subgraphs[name].url])) as Record<SubgraphName, string>;

/** The supervision subgraph over these systems, on a free port. */
export function startSupervision(subgraphs: Record<SubgraphName, { url: string }>): Promise<RunningServer> {
  return runSupervision({ sources: sourcesOf(subgraphs), signingSecret: DEV_SIGNING_SECRET, port: 0 });
}

/** The cases system over these systems, on a free port, with its database in `storage`. */
export function startCases(storage: StorageConfig, subgraphs: Record<SubgraphName, { url: string }>) {
  return runCases({ storage, sources: sourcesOf(subgraphs), signingSecret: DEV_SIGNING_SECRET, port: 0 });
}

export interface TestStackOptions {
  policy?: SubgraphCallPolicy;
  /** Where the gateway reaches each subgraph (e.g. through a proxy); default its own URL. */
  route?: (name: ShippedSubgraphName, url: string) => string | Promise<string>;
  /** Access settings changed from the tests' own (a function: from the stack's realm). */
  access?: Partial<AccessConfig> | ((realm: TestRealm) => Partial<AccessConfig>);
  /** The gateway database and access log (default: embedded ones of the stack's own). */
  stores?: AccessStores;
  /** Levels, roles, grades and limits (default: the shipped policies/). */
  accessPolicy?: Policy;
}

export async function startTestStack(storage: StorageConfig, options: TestStackOptions = {}): Promise<TestStack> {
  const subgraphs = await startSubgraphs(storage);
  const supervision = await startSupervision(subgraphs);
  const cases = await startCases(storage, subgraphs);
  const realm = await startTestRealm();
  const policy = options.policy ?? DEFAULT_CALL_POLICY;
  const urls: Record<ShippedSubgraphName, string> = {
    ...Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, subgraphs[n].url])),
    supervision: supervision.url,
    cases: cases.url,
  } as Record<ShippedSubgraphName, string>;
  let gateway: RunningGateway | undefined;
  let graph: ComposedGraph;
  try {
    const sources = await Promise.all(
      (Object.keys(urls) as ShippedSubgraphName[]).map(async (name) => ({
        name,
        url: await (options.route?.(name, urls[name]) ?? urls[name]),
        federated: SHIPPED_SUBGRAPHS[name].federated,
      })),
    );
    const specs = await fetchSpecs(sources, DEV_SIGNING_SECRET);
    graph = composeGraph(specs);
    gateway = await createGateway({
      source: { supergraph: graph },
      calls: policy,
      access: await testAccess(
        realm,
        typeof options.access === 'function' ? options.access(realm) : options.access,
        options.accessPolicy,
        options.stores,
      ),
      host: '127.0.0.1',
      port: 0,
    });
  } catch (error) {
    await Promise.all([...Object.values(subgraphs), supervision, cases].map((s) => s.close()));
    await realm.close();
    throw error;
  }
  const running = gateway;
  const supervisorToken = await realm.mint({ user: 'test.supervisor', roles: ['supervisor'], region: '320000' });
  return {
    gatewayUrl: running.url,
    supervisor: caller(running.url, supervisorToken, INSPECTION_PURPOSE),
    realm,
    gateway: running,
    graph,
    subgraphs,
    supervision,
    cases,
    resetStatementCounts: () => SUBGRAPH_NAMES.forEach((n) => subgraphs[n].database.statements.reset()),
    statementCounts: () =>
      Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, subgraphs[n].database.statements.count])) as Record<
        SubgraphName,
        number
      >,
    async [Symbol.asyncDispose]() {
      await running.close();
      await Promise.all([...Object.values(subgraphs), supervision, cases].map((s) => s.close()));
      await realm.close();
    },
  };
}

/** The shipped subgraphs as running here (those given), for a gateway runtime's bootstrap (SDL fetched from each). */
export function shippedSpecs(
  subgraphs: Partial<Record<ShippedSubgraphName, { url: string }>>,
  signingSecret = DEV_SIGNING_SECRET,
) {
  const sources = (Object.keys(subgraphs) as ShippedSubgraphName[]).map((name) => ({
    name,
    url: subgraphs[name]!.url,
    federated: SHIPPED_SUBGRAPHS[name].federated,
    department: SHIPPED_SUBGRAPHS[name].department,
  }));
  return fetchSpecs(sources, signingSecret);
}
