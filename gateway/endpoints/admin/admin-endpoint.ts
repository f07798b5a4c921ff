import { GraphQLError } from 'graphql';

import { ErrorCode, unauthenticated } from '../../../common/errors';
import { graphqlEndpoint } from '../../../common/graphql-endpoint';
import type { ExtraEndpoint } from '../../../common/http-server';
import type { NodeStatus } from '../../../common/regional-nodes/regional-node';
import type { NodeService, RegisterNodeInput } from '../../control/nodes/node-service';
import { liveRevision, type CompositionVersion } from '../../control/registry/model';
import type { RegistryService } from '../../control/registry/registry-service';
import type { RegistryStore } from '../../control/registry/store';
import type { Capability } from '../../policy/policy-model';
import type { Authenticator } from '../../request/auth/authenticate';
import type { SideApiLimits } from '../../request/limits/side-api-limits';
import type { AdminTokens } from './admin-tokens';

interface AdminContext {
  actor: string;
  /** What the caller may do here: administer-registry, administer-nodes. */
  can: ReadonlySet<Capability>;
  /** The caller's region (node authority); a static admin token answers for every region. */
  region: string | null;
  anyRegion: boolean;
}

const STATIC_HOLDER: ReadonlySet<Capability> = new Set(['administer-registry', 'administer-nodes']);

/**
 * Who may use the admin API: a Keycloak token whose roles carry `administer-registry` (subgraphs and
 * compositions) or `administer-nodes` (regional nodes, within the token's region), or one of the static
 * admin tokens from config (for bootstrapping without Keycloak: both, in every region). The actor is the
 * token's user, so the two-person rule tells people apart.
 */
async function adminCaller(
  authorization: string | undefined,
  tokens: AdminTokens,
  authenticator: Authenticator | undefined,
): Promise<AdminContext> {
  const holder = tokens.whoHolds(authorization);
  if (holder) return { actor: holder, can: STATIC_HOLDER, region: null, anyRegion: true };
  const needed =
    'the admin API needs a valid admin bearer token (a Keycloak token with administer-registry or administer-nodes, or a static admin token)';
  if (!authenticator || !authorization) throw unauthenticated(needed);
  const principal = await authenticator.principal(authorization).catch((error: unknown) => {
    throw unauthenticated(`${needed}: ${error instanceof Error ? error.message : String(error)}`);
  });
  if (principal.anonymous || ![...STATIC_HOLDER].some((c) => principal.can.has(c)))
    throw needs('administer-registry or administer-nodes');
  return { actor: principal.user, can: principal.can, region: principal.region, anyRegion: false };
}

const needs = (capability: string) =>
  new GraphQLError(`The admin API needs a role that can ${capability}.`, {
    extensions: { code: ErrorCode.FORBIDDEN_FIELD, http: { status: 403 } },
  });

const nodeActor = (caller: AdminContext) => ({
  user: caller.actor,
  region: caller.region,
  anyRegion: caller.anyRegion,
});

/** A resolver that runs only for a caller with `capability`. */
function requiring<A, R>(capability: Capability, resolve: (args: A, caller: AdminContext) => R) {
  return (_: unknown, args: A, caller: AdminContext): R => {
    if (!caller.can.has(capability)) throw needs(capability);
    return resolve(args, caller);
  };
}

/** The registry's admin GraphQL API, mounted on the gateway at /admin/graphql: subgraphs, compositions and regional nodes. */
export async function createAdminEndpoint(
  registry: RegistryService,
  store: RegistryStore,
  nodes: NodeService,
  tokens: AdminTokens,
  limits: SideApiLimits,
  authenticator?: Authenticator,
): Promise<ExtraEndpoint> {
  const withLive = async (c: CompositionVersion) => ({ ...c, live: (await store.read()).live === c.version });
  const registryAdmin = <A, R>(resolve: (args: A, actor: string) => R) =>
    requiring('administer-registry', (args: A, caller) => resolve(args, caller.actor));
  const nodeChange = (change: Parameters<NodeService['change']>[1]) =>
    requiring('administer-nodes', ({ id, reason }: { id: string; reason?: string | null }, caller) =>
      nodes.change(id, change, nodeActor(caller), reason ?? null),
    );
  const resolvers = {
    Query: {
      subgraphs: registryAdmin(async () =>
        Object.values((await store.read()).subgraphs).map((r) => ({
          ...r,
          liveRevision: liveRevision(r)?.revision ?? null,
        })),
      ),
      subgraph: registryAdmin(async ({ name }: { name: string }) => {
        const record = (await store.read()).subgraphs[name];
        return record ? { ...record, liveRevision: liveRevision(record)?.revision ?? null } : null;
      }),
      compositions: registryAdmin(async () => Promise.all((await store.compositions()).map(withLive))),
      liveComposition: registryAdmin(async () => {
        const { live } = await store.read();
        const c = live === null ? undefined : await store.composition(live);
        return c ? withLive(c) : null;
      }),
      registryEvents: registryAdmin(({ last }: { last: number }) => store.events(Math.min(Math.max(last, 1), 1000))),
      regionalNodes: requiring(
        'administer-nodes',
        (filter: { system?: string | null; status?: NodeStatus | null; region?: string | null }) => nodes.list(filter),
      ),
      nodeEvents: requiring('administer-nodes', ({ last }: { last: number }) =>
        nodes.events(Math.min(Math.max(last, 1), 1000)),
      ),
    },
    Mutation: {
      registerSubgraph: registryAdmin(({ input }: { input: Parameters<RegistryService['register']>[0] }, actor) =>
        registry.register(input, actor),
      ),
      approveSubgraph: registryAdmin(async (a: { name: string; revision: number; force: boolean }, actor) =>
        withLive(await registry.approve(a.name, a.revision, actor, a.force)),
      ),
      approveOwnership: registryAdmin((a: { name: string; revision: number; department: string }, actor) =>
        registry.approveOwnership(a.name, a.revision, a.department, actor),
      ),
      rejectSubgraph: registryAdmin((a: { name: string; revision: number; reason: string }, actor) =>
        registry.reject(a.name, a.revision, actor, a.reason),
      ),
      retireSubgraph: registryAdmin(async (a: { name: string; force: boolean }, actor) =>
        withLive(await registry.retire(a.name, actor, a.force)),
      ),
      rollback: registryAdmin(async ({ version }: { version: number }, actor) =>
        withLive(await registry.rollback(version, actor)),
      ),
      registerNode: requiring('administer-nodes', ({ input }: { input: RegisterNodeInput }, caller) =>
        nodes.register(input, nodeActor(caller)),
      ),
      approveNode: nodeChange('approve'),
      rejectNode: nodeChange('reject'),
      suspendNode: nodeChange('suspend'),
      resumeNode: nodeChange('resume'),
      retireNode: nodeChange('retire'),
    },
  };
  return graphqlEndpoint<AdminContext>({
    path: '/admin/graphql',
    schema: 'admin',
    resolvers,
    limits,
    context: (req) => adminCaller(req.headers.authorization, tokens, authenticator),
  });
}
