import { GraphQLError } from 'graphql';

import { ErrorCode, unauthenticated } from '../../../common/errors';
import { graphqlEndpoint } from '../../../common/graphql-endpoint';
import type { ExtraEndpoint } from '../../../common/http-server';
import { liveRevision, type CompositionVersion } from '../../control/registry/model';
import type { RegistryService } from '../../control/registry/registry-service';
import type { RegistryStore } from '../../control/registry/store';
import type { Authenticator } from '../../request/auth/authenticate';
import type { SideApiLimits } from '../../request/limits/side-api-limits';
import type { AdminTokens } from './admin-tokens';

interface AdminContext {
  actor: string;
}

/**
 * Who may administer the registry: a Keycloak token whose roles carry `administer-registry`
 * (roles.yaml), or one of the static admin tokens from config (for bootstrapping without Keycloak).
 * The actor is the token's user, so the two-person rule tells people apart.
 */
async function adminActor(
  authorization: string | undefined,
  tokens: AdminTokens,
  authenticator: Authenticator | undefined,
): Promise<string> {
  const holder = tokens.whoHolds(authorization);
  if (holder) return holder;
  const needed =
    'the registry admin API needs a valid admin bearer token (a Keycloak token with administer-registry, or a static admin token)';
  if (!authenticator || !authorization) throw unauthenticated(needed);
  const principal = await authenticator.principal(authorization).catch((error: unknown) => {
    throw unauthenticated(`${needed}: ${error instanceof Error ? error.message : String(error)}`);
  });
  if (principal.anonymous || !principal.can.has('administer-registry')) {
    throw new GraphQLError('The registry admin API needs a role that can administer-registry.', {
      extensions: { code: ErrorCode.FORBIDDEN_FIELD, http: { status: 403 } },
    });
  }
  return principal.user;
}

/** The registry's admin GraphQL API, mounted on the gateway at /admin/graphql. */
export async function createAdminEndpoint(
  registry: RegistryService,
  store: RegistryStore,
  tokens: AdminTokens,
  limits: SideApiLimits,
  authenticator?: Authenticator,
): Promise<ExtraEndpoint> {
  const withLive = async (c: CompositionVersion) => ({ ...c, live: (await store.read()).live === c.version });
  const resolvers = {
    Query: {
      subgraphs: async () =>
        Object.values((await store.read()).subgraphs).map((r) => ({
          ...r,
          liveRevision: liveRevision(r)?.revision ?? null,
        })),
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
      registerSubgraph: (
        _: unknown,
        { input }: { input: Parameters<RegistryService['register']>[0] },
        { actor }: AdminContext,
      ) => registry.register(input, actor),
      approveSubgraph: async (
        _: unknown,
        a: { name: string; revision: number; force: boolean },
        { actor }: AdminContext,
      ) => withLive(await registry.approve(a.name, a.revision, actor, a.force)),
      approveOwnership: (
        _: unknown,
        a: { name: string; revision: number; department: string },
        { actor }: AdminContext,
      ) => registry.approveOwnership(a.name, a.revision, a.department, actor),
      rejectSubgraph: (_: unknown, a: { name: string; revision: number; reason: string }, { actor }: AdminContext) =>
        registry.reject(a.name, a.revision, actor, a.reason),
      retireSubgraph: async (_: unknown, a: { name: string; force: boolean }, { actor }: AdminContext) =>
        withLive(await registry.retire(a.name, actor, a.force)),
      rollback: async (_: unknown, { version }: { version: number }, { actor }: AdminContext) =>
        withLive(await registry.rollback(version, actor)),
    },
  };
  return graphqlEndpoint<AdminContext>({
    path: '/admin/graphql',
    schema: 'admin',
    resolvers,
    limits,
    context: async (req) => ({ actor: await adminActor(req.headers.authorization, tokens, authenticator) }),
  });
}
