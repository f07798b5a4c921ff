import type { SpanExporter } from '@opentelemetry/sdk-trace-base';

import type { RunningServer } from '../common/http-server';
import { logger } from '../common/logger';
import type { GatewayAccess } from './config/gateway-access';
import { graphSdls, storedGraph, type ComposedGraph } from './control/composition/compose-graph';
import { recordingStore } from './control/history/recording-store';
import type { RegistryHistory } from './control/history/registry-history';
import type { SubgraphSpec } from './control/registry/model';
import { RegistryService } from './control/registry/registry-service';
import type { RegistryStore } from './control/registry/store';
import { createAdminEndpoint } from './endpoints/admin/admin-endpoint';
import { AdminTokens } from './endpoints/admin/admin-tokens';
import { governSchema } from './request/access/governed-schema';
import { buildGatewaySchema } from './request/execution/gateway-schema';
import { LiveGraph } from './request/graph/live-graph';
import { Breakers } from './request/resilience/breakers';
import type { SubgraphCallPolicy } from './request/resilience/call-policy';
import { createGatewayTelemetry } from './request/telemetry/gateway-telemetry';
import { edgeOf, serveGateway, type GatewayEdge } from './server';

export interface GatewayRuntimeOptions extends GatewayEdge {
  store: RegistryStore;
  policy: SubgraphCallPolicy;
  access: GatewayAccess;
  allowedHosts: readonly string[];
  adminTokens: string;
  host: string;
  port: number;
  /** The subgraphs a new, empty registry starts with (the operator's configuration). */
  bootstrap?: () => Promise<Array<SubgraphSpec & { department: string }>>;
  /** Durable history (gateway database); an empty store is restored from it before any bootstrap. */
  history?: RegistryHistory;
  /** Where spans go besides OTEL_EXPORTER_OTLP_ENDPOINT (tests). */
  spanExporter?: SpanExporter;
}

export interface RunningGatewayRuntime extends RunningServer {
  readonly breakers: Breakers;
  readonly registry: RegistryService;
  /** The composition version being served. */
  version(): number;
}

/**
 * A gateway instance backed by the registry: serves the live composition, and when any instance
 * changes it (Redis pub/sub, or in-process), builds the new one and swaps it in. A composition that
 * fails to build never replaces a working one; requests in flight finish on the schema they began with.
 */
export async function startGatewayRuntime(options: GatewayRuntimeOptions): Promise<RunningGatewayRuntime> {
  const store = options.history ? recordingStore(options.store, options.history) : options.store;
  const breakers = new Breakers(options.policy.breaker);
  const telemetry = createGatewayTelemetry(breakers, options.spanExporter);
  const calls = {
    policy: options.policy,
    breakers,
    signingSecret: options.access.signingSecret,
    telemetry: { metrics: telemetry.metrics, tracer: telemetry.tracing.tracer },
  };
  // What every instance serves and what registration checks run against: the composed, graded schema.
  const build = (graph: ComposedGraph) =>
    governSchema(buildGatewaySchema(graph.supergraphSdl, graph.legacy, calls), options.access.policy, graphSdls(graph));
  const registry = new RegistryService({
    store,
    allowedHosts: options.allowedHosts,
    signingSecret: options.access.signingSecret,
    buildSchema: build,
  });

  let state = await store.read();
  const saved = state.live === null ? await options.history?.latest() : null;
  if (saved) {
    await registry.restore(saved, 'restore');
    state = await store.read();
  }
  if (state.live === null && options.bootstrap) {
    await registry.bootstrap(await options.bootstrap(), 'bootstrap');
    state = await store.read();
  }
  if (state.live === null)
    throw new Error(
      'the registry has no composition yet: register and approve subgraphs, or configure the shipped ones',
    );
  const first = await store.composition(state.live);
  if (!first) throw new Error(`composition ${state.live} is missing from the registry store`);
  const live = new LiveGraph({
    version: first.version,
    schema: build(storedGraph(first)),
    supergraphSdl: first.supergraphSdl,
  });

  let lastReloadError: string | null = null;
  let reloading = Promise.resolve();
  const reload = (version: number) => {
    reloading = reloading.then(async () => {
      if (version === live.version) return;
      try {
        const next = await store.composition(version);
        if (!next) throw new Error(`composition ${version} is missing from the registry store`);
        live.swap({ version, schema: build(storedGraph(next)), supergraphSdl: next.supergraphSdl });
        lastReloadError = null;
        logger.info({ version }, 'serving a new composition');
      } catch (error) {
        lastReloadError = `composition ${version} not served: ${(error as Error).message}`;
        logger.error({ version, err: (error as Error).message }, 'keeping the last good composition');
      }
    });
  };
  await store.watch(reload);

  const admin = await createAdminEndpoint(
    registry,
    store,
    new AdminTokens(options.adminTokens),
    options.access.authenticator,
  );
  const server = await serveGateway({
    ...edgeOf(options),
    graph: live,
    access: options.access,
    breakers,
    telemetry,
    endpoints: [admin],
    host: options.host,
    port: options.port,
    readinessDetail: () => ({
      composition: live.version,
      registry: store.health(),
      ...(lastReloadError ? { lastReloadError } : {}),
    }),
    onClose: async () => {
      await reloading;
      await store.close();
    },
  });
  return Object.assign(server, { breakers, registry, version: () => live.version });
}
