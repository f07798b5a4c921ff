/**
 * The composition root: every way of running a gateway (main.ts, the supergraph CLI, tests, benchmarks)
 * builds it here, from where its graph comes from (a fixed supergraph, or the registry) and its settings.
 */
import { ErrorsAreMissesCache, InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import express from 'express';

import { startGraphqlServer, type RunningServer } from '../common/http-server';
import { NodeTable } from '../common/regional-nodes/node-table';
import type { GatewayAccess } from './config/gateway-access';
import { graphSdls, type ComposedGraph } from './control/composition/compose-graph';
import type { RegistryService } from './control/registry/registry-service';
import { openRegistryGraph, type RegistrySource } from './control/reload/registry-graph';
import { createAdminEndpoint } from './endpoints/admin/admin-endpoint';
import { AdminTokens } from './endpoints/admin/admin-tokens';
import { boardRoutes } from './endpoints/board/board-routes';
import { catalogRoutes } from './endpoints/catalog/catalog-routes';
import { explorerRoutes } from './endpoints/explorer/explorer-routes';
import { createCsvExportEndpoint } from './endpoints/export/csv-export-endpoint';
import { loadExportableOperations } from './endpoints/export/named-operations';
import { ResponseCache } from './request/cache/response-cache';
import type { GatewayContext } from './request/gateway-context';
import { LiveGraph } from './request/graph/live-graph';
import { buildGovernedGraph } from './request/graph/served-graph';
import { sideApiLimits } from './request/limits/side-api-limits';
import type { PersistedOperations } from './request/persisted/persisted-operations-guard';
import { MemoryRateLimiter } from './request/rate-limits/memory-rate-limiter';
import { requestPath, type GatewayEdge } from './request/request-path';
import { Breakers } from './request/resilience/breakers';
import type { SubgraphCallPolicy } from './request/resilience/call-policy';
import { endpointReadiness } from './request/routing/node-readiness';
import { chainStages } from './request/stages/operation-stage';
import { subscriptionEndpoint } from './request/subscriptions/subscription-endpoint';
import { countRefusals, createGatewayTelemetry, metricsEndpoint } from './request/telemetry/gateway-telemetry';

/** Most memory the in-process response cache takes (the embedded default), in bytes of JSON. */
const RESPONSE_CACHE_BYTES = 64 * 1024 * 1024;

/** How long an automatic persisted query is remembered after it was last registered. */
const APQ_TTL_SECONDS = 24 * 3600;

/** A fixed composition (a supergraph file, or tests): no registry, no reload. */
export interface SupergraphSource {
  supergraph: ComposedGraph;
}

export interface GatewaySettings<S extends SupergraphSource | { registry: RegistrySource }> extends GatewayEdge {
  /** Where the graph comes from. */
  source: S;
  /** How each subgraph is called: timeouts, retries, breakers (the access policy is `access.policy`). */
  calls: SubgraphCallPolicy;
  access: GatewayAccess;
  host: string;
  port: number;
  /** Where spans go besides OTEL_EXPORTER_OTLP_ENDPOINT (tests). */
  spanExporter?: SpanExporter;
}

export interface RunningGateway extends RunningServer {
  readonly breakers: Breakers;
  /** The composition version being served. */
  version(): number;
}

export function createGateway(settings: GatewaySettings<SupergraphSource>): Promise<RunningGateway>;
export function createGateway(settings: GatewaySettings<{ registry: RegistrySource }>): Promise<RegistryGateway>;
export async function createGateway(
  settings: GatewaySettings<SupergraphSource | { registry: RegistrySource }>,
): Promise<RunningGateway & { readonly registry?: RegistryService }> {
  const { access, source } = settings;
  const breakers = new Breakers(settings.calls.breaker);
  const telemetry = createGatewayTelemetry(breakers, settings.spanExporter);
  const { metrics, tracing } = telemetry;
  const nodes = new NodeTable();
  const calls = {
    nodes,
    callPolicy: settings.calls,
    breakers,
    signingSecret: access.signingSecret,
    telemetry: { metrics, tracer: tracing.tracer },
  };
  // What every instance serves and what registration checks run against: the composed, graded graph.
  const build = (graph: ComposedGraph) =>
    buildGovernedGraph(
      { supergraphSdl: graph.supergraphSdl, legacy: graph.legacy, sdls: graphSdls(graph) },
      calls,
      access.policy,
    );

  const registrySource = 'registry' in source ? source.registry : null;
  const fromRegistry = registrySource
    ? await openRegistryGraph(registrySource, access.signingSecret, build, nodes)
    : null;
  const graph = fromRegistry?.graph ?? new LiveGraph({ version: 0, ...build((source as SupergraphSource).supergraph) });
  const adminTokens = new AdminTokens(registrySource?.adminTokens ?? '');
  const admin = fromRegistry
    ? [
        await createAdminEndpoint(
          fromRegistry.registry,
          fromRegistry.store,
          fromRegistry.nodes,
          adminTokens,
          sideApiLimits(access.policy),
          access.authenticator,
        ),
      ]
    : [];

  const persisted: PersistedOperations = settings.persisted ?? { mode: 'apq', trusted: new Map() };
  const rateLimiter = settings.rateLimiter ?? new MemoryRateLimiter();
  const cache = access.policy.cache.enabled
    ? new ResponseCache(
        settings.responseStore
          ? new ErrorsAreMissesCache(settings.responseStore)
          : new InMemoryLRUCache<string>({ maxSize: RESPONSE_CACHE_BYTES }),
        access.policy.cache,
      )
    : undefined;
  const path = requestPath({
    access,
    graph,
    metrics,
    tracer: tracing.tracer,
    rateLimiter,
    persisted,
    cache,
    queryPlanner: settings.queryPlanner !== false,
    staticTokenHolder: (authorization) => adminTokens.whoHolds(authorization),
  });
  graph.useExecutor(chainStages(path.operationStages));
  access.listCatalogOf(() => graph.served);

  const keysLoading = new AbortController();
  const server = await startGraphqlServer<GatewayContext>({
    name: 'gateway',
    schema: graph,
    endpoints: [
      ...access.endpoints,
      createCsvExportEndpoint(loadExportableOperations()),
      metricsEndpoint(metrics),
      ...admin,
    ],
    routes: express.Router().use(explorerRoutes(), boardRoutes(), catalogRoutes()),
    host: settings.host,
    port: settings.port,
    batching: true,
    // Introspection stays on: it is governed (grades in descriptions; cut to clearance when hiding).
    introspection: true,
    plugins: path.plugins,
    parseOptions: path.parseOptions,
    bodyLimit: path.bodyLimit,
    ...(access.hideAboveClearance ? { hideSchemaDetailsFromClientErrors: true } : {}),
    observe: countRefusals(metrics),
    preflight: path.preflight,
    endpointPreflight: path.endpointPreflight,
    persistedQueries:
      persisted.mode === 'apq'
        ? {
            ...(persisted.apqCache ? { cache: new ErrorsAreMissesCache(persisted.apqCache) } : {}),
            ttl: APQ_TTL_SECONDS,
          }
        : false,
    ...(settings.trustProxy ? { trustProxy: settings.trustProxy } : {}),
    createContext: path.createContext,
    webSockets: subscriptionEndpoint({
      graph,
      access,
      createContext: path.createContext,
      signingSecret: access.signingSecret,
      metrics,
    }),
    // Ready while a composition is served and tokens can be verified, even with some subgraphs down
    // (their fields answer errors).
    readiness: () => {
      const tokens = access.authenticator.notReady();
      return {
        ready: tokens === null,
        detail: {
          tokens: tokens ?? 'verifiable',
          ...fromRegistry?.readiness(),
          ...endpointReadiness(nodes, breakers.states()),
        },
      };
    },
    onClose: async () => {
      keysLoading.abort();
      await fromRegistry?.close();
      await rateLimiter.close();
      await persisted.apqCache?.close();
      await settings.responseStore?.close();
      await tracing.shutdown();
      breakers.shutdown();
    },
  });
  // Only now: the dev realm whose keys these are is served by this very server.
  void access.loadKeys?.(keysLoading.signal);
  return Object.assign(server, {
    breakers,
    version: () => graph.version,
    ...(fromRegistry ? { registry: fromRegistry.registry } : {}),
  });
}

/** A gateway over the registry: its admin API and registry service beside the graph it serves. */
export type RegistryGateway = RunningGateway & { readonly registry: RegistryService };
