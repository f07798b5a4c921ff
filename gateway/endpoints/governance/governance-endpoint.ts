import { createHash } from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { DataSource } from 'typeorm';

import { checkNumericId, checkPersonKey } from '../../../common/arguments';
import { badUserInput, ErrorCode, unauthenticated } from '../../../common/errors';
import { graphqlEndpoint } from '../../../common/graphql-endpoint';
import type { ExtraEndpoint } from '../../../common/http-server';
import type { AccessLogRecord } from '../../database/entities/access-log-record';
import type { Capability, Policy } from '../../policy/policy-model';
import type { AccessLog } from '../../request/access-log/access-log';
import { decodeRecord, queryAccessLog, type AccessLogQuery } from '../../request/access-log/query-log';
import type { Authenticator } from '../../request/auth/authenticate';
import type { Principal } from '../../request/auth/principal';
import type { GrantRequest, RegionGrants } from '../../request/grants/region-grants';
import type { GovernedGraph } from '../../request/graph/served-graph';
import type { SideApiLimits } from '../../request/limits/side-api-limits';
import { listDataResources, listDepartments, type DataResourceFilter } from './data-resources';

interface GovernanceContext {
  principal: Principal;
  operationHash: string;
  operationName: string | null;
}

export interface GovernanceDeps {
  authenticator: Authenticator;
  policy: Policy;
  /** The graph served now, whose catalog dataResources lists; null before the gateway serves one. */
  servedGraph: () => GovernedGraph | null;
  grants: RegionGrants;
  log: AccessLog;
  /** The gateway database the access log is read from. */
  logDatabase: DataSource;
  /** The query limits /graphql applies (sideApiLimits). */
  limits: SideApiLimits;
}

const MAX_FIRST = 1000;

const toEntry = (r: AccessLogRecord) => {
  const record = decodeRecord(r);
  return {
    ...record,
    grants: record.grants.map(String),
    entities: Object.entries(record.entities).map(([coordinate, ids]) => ({ coordinate, ids })),
    hash: r.hash,
  };
};

const page = (first: number) => {
  if (!Number.isInteger(first) || first < 1 || first > MAX_FIRST)
    throw badUserInput(`first must be 1 to ${MAX_FIRST}`, 'first');
  return first;
};

/**
 * The access-governance API at /governance/graphql: the access log for audit-log-readers (with "who
 * read this person's record" for transparency requests), cross-region grants for those who may
 * grant them, and the data resource catalog for everyone signed in. Authenticated by the graph's own tokens; each field needs a capability from the policy.
 * Every use, allowed or refused, is itself written to the access log: reading the log is a read.
 */
export async function createGovernanceEndpoint(deps: GovernanceDeps): Promise<ExtraEndpoint> {
  const record = (context: GovernanceContext, field: string, decision: 'allowed' | 'denied') =>
    deps.log.append({
      at: new Date().toISOString(),
      user: context.principal.user,
      roles: context.principal.roles,
      clearance: context.principal.clearance,
      region: context.principal.region,
      purpose: null,
      operationName: context.operationName,
      operationHash: context.operationHash,
      reads: [
        {
          coordinate: field,
          level: 'RESTRICTED',
          decision,
          ...(decision === 'denied' ? { code: ErrorCode.FORBIDDEN_FIELD } : {}),
        },
      ],
      entities: {},
    });

  /** Resolves a field for callers with the capability; logs the use (fail closed: no record, no answer). */
  const guarded =
    <A, R>(field: string, capability: Capability, resolve: (args: A, principal: Principal) => Promise<R>) =>
    async (_: unknown, args: A, context: GovernanceContext): Promise<R> => {
      if (!context.principal.can.has(capability)) {
        await record(context, field, 'denied');
        throw new GraphQLError(`${field} needs the ${capability} capability (policies/roles.yaml)`, {
          extensions: { code: ErrorCode.FORBIDDEN_FIELD },
        });
      }
      await record(context, field, 'allowed');
      return resolve(args, context.principal);
    };

  const resolvers = {
    Query: {
      accessLog: guarded(
        'Governance.accessLog',
        'read-access-log',
        async ({ filter, first }: { filter?: Omit<AccessLogQuery, 'limit'> | null; first: number }) =>
          (await queryAccessLog(deps.logDatabase, { ...filter, limit: page(first) })).map(toEntry),
      ),
      whoReadPerson: guarded(
        'Governance.whoReadPerson',
        'read-access-log',
        async ({ personKey, first }: { personKey: string; first: number }) =>
          (await queryAccessLog(deps.logDatabase, { entity: checkPersonKey(personKey), limit: page(first) })).map(
            toEntry,
          ),
      ),
      regionGrants: guarded(
        'Governance.regionGrants',
        'grant-cross-region',
        ({ grantee, all }: { grantee?: string | null; all: boolean }) => deps.grants.list({ grantee, all }),
      ),
      // The catalog is metadata every signed-in caller may browse (the context refuses anonymous callers).
      dataResources: (_: unknown, { filter }: { filter?: DataResourceFilter | null }) => {
        const graph = deps.servedGraph();
        if (!graph)
          throw new GraphQLError('no graph is served yet', { extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } });
        return listDataResources(deps.policy, graph, filter ?? {});
      },
      departments: () => listDepartments(deps.policy),
    },
    Mutation: {
      grantCrossRegion: guarded(
        'Governance.grantCrossRegion',
        'grant-cross-region',
        ({ input }: { input: GrantRequest }, principal) => deps.grants.grant(input, principal.user),
      ),
      revokeRegionGrant: guarded(
        'Governance.revokeRegionGrant',
        'grant-cross-region',
        ({ id }: { id: string }, principal) => deps.grants.revoke(checkNumericId(id), principal.user),
      ),
    },
  };
  return graphqlEndpoint<GovernanceContext>({
    path: '/governance/graphql',
    schema: 'governance',
    resolvers,
    limits: deps.limits,
    context: async (req) => {
      const principal = await deps.authenticator.principal(req.headers.authorization);
      if (principal.anonymous) throw unauthenticated('the governance API needs a bearer token');
      const body = req.body as { query?: unknown; operationName?: unknown } | undefined;
      const text = typeof body?.query === 'string' ? body.query : '';
      return {
        principal,
        operationHash: createHash('sha256').update(text).digest('hex'),
        operationName: typeof body?.operationName === 'string' ? body.operationName : null,
      };
    },
  });
}
