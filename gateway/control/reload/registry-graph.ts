import { logger } from '../../../common/logger';
import type { NodeTable } from '../../../common/regional-nodes/node-table';
import { LiveGraph } from '../../request/graph/live-graph';
import type { GovernedGraph } from '../../request/graph/served-graph';
import { storedGraph, type ComposedGraph } from '../composition/compose-graph';
import { recordingStore } from '../history/recording-store';
import type { RegistryHistory } from '../history/registry-history';
import { MemoryNodeStore } from '../nodes/memory-node-store';
import { recordingNodeStore, type NodeHistory } from '../nodes/node-history';
import { NodeService } from '../nodes/node-service';
import type { NodeStore } from '../nodes/node-store';
import type { SubgraphSpec } from '../registry/model';
import { RegistryService } from '../registry/registry-service';
import type { RegistryStore } from '../registry/store';

/** Where a gateway's graph comes from when the registry owns it. */
export interface RegistrySource {
  store: RegistryStore;
  /** Hosts a registered subgraph's URL may point at. */
  allowedHosts: readonly string[];
  /** Bearer tokens of the registry's admin API (REGISTRY_ADMIN_TOKENS). */
  adminTokens: string;
  /** The subgraphs a new, empty registry starts with (the operator's configuration). */
  bootstrap?: () => Promise<Array<SubgraphSpec & { department: string }>>;
  /** Durable history (gateway database); an empty store is restored from it before any bootstrap. */
  history?: RegistryHistory;
  /**
   * Subgraph addresses given explicitly at start (SUBGRAPH_<NAME>_URL), with the schema served there:
   * they win over the addresses the stored composition was made with (RegistryService.readdress).
   */
  configuredAddresses?: () => Array<{ name: string; url: string; variable: string; sdl: () => Promise<string> }>;
  /** Regional nodes of the registered systems (default: this process's memory). */
  nodes?: NodeStore;
  /** Their durable copy (gateway database): an empty node store is refilled from it. */
  nodeHistory?: NodeHistory;
}

export interface RegistryGraph {
  graph: LiveGraph;
  registry: RegistryService;
  store: RegistryStore;
  nodes: NodeService;
  readiness(): Record<string, unknown>;
  /** Waits for a reload in flight, then closes the store. */
  close(): Promise<void>;
}

/**
 * The registry's live composition, served: restored from history or bootstrapped when the registry is
 * empty, and swapped when any instance changes it (Redis pub/sub, or in-process). A composition that
 * fails to build never replaces a working one; requests in flight finish on the graph they began with.
 */
export async function openRegistryGraph(
  source: RegistrySource,
  signingSecret: string,
  build: (graph: ComposedGraph) => GovernedGraph,
  table: NodeTable,
): Promise<RegistryGraph> {
  const store = source.history ? recordingStore(source.store, source.history) : source.store;
  const registry = new RegistryService({ store, allowedHosts: source.allowedHosts, signingSecret, buildGraph: build });

  let state = await store.read();
  const saved = state.live === null ? await source.history?.latest() : null;
  if (saved) {
    await registry.restore(saved, 'restore');
    state = await store.read();
  }
  if (state.live === null && source.bootstrap) {
    await registry.bootstrap(await source.bootstrap(), 'bootstrap');
    state = await store.read();
  }
  if (state.live !== null && source.configuredAddresses) {
    // Only a subgraph whose address changed is asked for its schema: one that is down at its old address
    // does not hold the start up.
    const live = await store.composition(state.live);
    const liveUrl = new Map(live?.subgraphs.map((s) => [s.name, s.url]));
    const moved = source.configuredAddresses().filter((a) => liveUrl.has(a.name) && liveUrl.get(a.name) !== a.url);
    if (moved.length) {
      const served = await Promise.all(moved.map(async (a) => ({ ...a, sdl: await a.sdl() })));
      const made = await registry.readdress(served, 'configuration');
      if (made) logger.info({ version: made.version, reason: made.reason }, 'subgraph addresses from configuration');
      state = await store.read();
    }
  }
  if (state.live === null)
    throw new Error(
      'the registry has no composition yet: register and approve subgraphs, or configure the shipped ones',
    );
  const first = await store.composition(state.live);
  if (!first) throw new Error(`composition ${state.live} is missing from the registry store`);
  const live = new LiveGraph({ version: first.version, ...build(storedGraph(first)) });

  let lastReloadError: string | null = null;
  let reloading = Promise.resolve();
  /** The store came back empty (Redis restarted without its data): its state is rebuilt from the history. */
  const restoreEmptied = async () => {
    const history = await source.history?.latest();
    if (!history) {
      lastReloadError = 'the registry store came back empty and there is no history to restore it from';
      logger.error({ version: live.version }, `${lastReloadError}: serving the last good composition`);
      return;
    }
    // Every instance tries; the store's transaction lets one restore, the others find it restored.
    await registry.restore(history, 'restore');
    logger.warn({ version: history.live }, 'registry store came back empty: restored from history');
  };
  const reload = (version: number | null) => {
    reloading = reloading.then(async () => {
      if (version === null)
        return restoreEmptied().catch((error: Error) => {
          lastReloadError = `registry not restored: ${error.message}`;
          logger.error({ err: error.message }, 'registry store came back empty and could not be restored');
        });
      if (version === live.version) return;
      try {
        const next = await store.composition(version);
        if (!next) throw new Error(`composition ${version} is missing from the registry store`);
        live.swap({ version, ...build(storedGraph(next)) });
        lastReloadError = null;
        logger.info({ version }, 'serving a new composition');
      } catch (error) {
        lastReloadError = `composition ${version} not served: ${(error as Error).message}`;
        logger.error({ version, err: (error as Error).message }, 'keeping the last good composition');
      }
    });
  };
  await store.watch(reload);
  // Regional nodes: every change applied at once from the store's announcement, nothing composed.
  const recording = source.nodeHistory
    ? recordingNodeStore(source.nodes ?? new MemoryNodeStore(), source.nodeHistory)
    : null;
  const nodeStore: NodeStore = recording ?? source.nodes ?? new MemoryNodeStore();
  const restoreNodes = async () => {
    if (!recording) return;
    const restored = await recording.restoreIfEmpty();
    if (restored) logger.warn({ restored }, 'node store was empty: regional nodes restored from the gateway database');
  };
  await restoreNodes();
  let nodesLost: string | null = null;
  const reloadNodes = () =>
    nodeStore.all().then(
      (all) => {
        // A store that came back empty (Redis restarted without its data) must not send every fetch
        // back to the systems' own endpoints: routing keeps the nodes it knew until they are registered again.
        if (!all.length && table.size) {
          nodesLost = `the node store came back empty: routing to the ${table.size} nodes last known`;
          logger.error({ nodes: table.size }, nodesLost);
          return;
        }
        nodesLost = null;
        table.replace(all);
      },
      (error: Error) => logger.error({ err: error.message }, 'regional nodes could not be read; routing as before'),
    );
  await nodeStore.watch((node) =>
    node
      ? table.apply(node)
      : void restoreNodes().then(reloadNodes, (error: Error) =>
          logger.error({ err: error.message }, 'regional nodes not restored'),
        ),
  );
  table.replace(await nodeStore.all());
  const nodes = new NodeService(nodeStore, store, { allowedHosts: source.allowedHosts, signingSecret });
  return {
    graph: live,
    registry,
    store,
    nodes,
    readiness: () => ({
      composition: live.version,
      registry: store.health(),
      ...(lastReloadError ? { lastReloadError } : {}),
      ...(nodesLost ? { nodesLost } : {}),
    }),
    close: async () => {
      await reloading;
      await store.close();
      await nodeStore.close();
    },
  };
}
