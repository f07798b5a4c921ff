import { unauthenticated } from '../../common/errors';
import { graphqlEndpoint } from '../../common/graphql-endpoint';
import type { ExtraEndpoint } from '../../common/http-server';
import { liveRevision, type CompositionVersion } from '../registry/model';
import type { RegistryService } from '../registry/registry-service';
import type { RegistryStore } from '../registry/store';
import type { AdminTokens } from './admin-tokens';

interface AdminContext {
  actor: string;
}

/** The registry's admin GraphQL API, mounted on the gateway at /admin/graphql. */
export async function createAdminEndpoint(registry: RegistryService, store: RegistryStore, tokens: AdminTokens): Promise<ExtraEndpoint> {
  const withLive = async (c: CompositionVersion) => ({ ...c, live: (await store.read()).live === c.version });
  const resolvers = {
    Query: {
      subgraphs: async () => Object.values((await store.read()).subgraphs).map((r) => ({ ...r, liveRevision: liveRevision(r)?.revision ?? null })),
      subgraph: async (_: unknown, { name }: { name: string }) => {
        const record = (await store.read()).subgraphs[name];
        return record ? { ...record, liveRevision: liveRevision(record)?.revision ?? null } : null;
      },
      compositions: async () => Promise.all((await store.compositions()).map(withLive)),
      liveComposition: async () => {
        const { live } = await store.read();
        const c = live === null ? undefined : await store.composition(live);
        return c ? withLive(c) : null;
      },
      registryEvents: (_: unknown, { last }: { last: number }) => store.events(Math.min(Math.max(last, 1), 1000)),
    },
    Mutation: {
      registerSubgraph: (_: unknown, { input }: { input: Parameters<RegistryService['register']>[0] }, { actor }: AdminContext) => registry.register(input, actor),
      approveSubgraph: async (_: unknown, a: { name: string; revision: number; force: boolean }, { actor }: AdminContext) =>
        withLive(await registry.approve(a.name, a.revision, actor, a.force)),
      approveOwnership: (_: unknown, a: { name: string; revision: number; department: string }, { actor }: AdminContext) =>
        registry.approveOwnership(a.name, a.revision, a.department, actor),
      rejectSubgraph: (_: unknown, a: { name: string; revision: number; reason: string }, { actor }: AdminContext) => registry.reject(a.name, a.revision, actor, a.reason),
      retireSubgraph: async (_: unknown, a: { name: string; force: boolean }, { actor }: AdminContext) => withLive(await registry.retire(a.name, actor, a.force)),
      rollback: async (_: unknown, { version }: { version: number }, { actor }: AdminContext) => withLive(await registry.rollback(version, actor)),
    },
  };
  return graphqlEndpoint<AdminContext>({
    path: '/admin/graphql',
    schema: 'admin',
    resolvers,
    context: async (req) => {
      const actor = tokens.whoHolds(req.headers.authorization);
      if (!actor) throw unauthenticated('the registry admin API needs a valid admin bearer token');
      return { actor };
    },
  });
}
