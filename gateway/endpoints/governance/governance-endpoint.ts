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
import type { AgreementState, SharingAgreements, SharingRequest } from '../../request/sharing/sharing-agreements';
import { listDataResources, listDepartments, type DataResourceFilter } from './data-resources';
import { sharingResolvers } from './sharing-resolvers';

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
  agreements: SharingAgreements;
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
    agreements: record.agreements.map(String),
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
  const record = (context: GovernanceContext, field: string, decision: 'allowed' | 'denied', ids: string[] = []) =>
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
      // What the step was about (a sharing request's id), so the chain says which one.
      entities: ids.length ? { [field]: ids } : {},
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

  /**
   * A sharing step for any signed-in caller, the service deciding who may take it: written to the
   * access log whether it is allowed or refused (a refusal by authority is FORBIDDEN_FIELD).
   */
  const step =
    <A, R>(field: string, take: (args: A, principal: Principal) => Promise<R>) =>
    async (_: unknown, args: A, context: GovernanceContext): Promise<R> => {
      const about = (args as { id?: unknown }).id;
      let result: R;
      try {
        result = await take(args, context.principal);
      } catch (error) {
        if (error instanceof GraphQLError && error.extensions['code'] === ErrorCode.FORBIDDEN_FIELD)
          await record(context, field, 'denied', typeof about === 'string' ? [about] : []);
        throw error;
      }
      const made = (result as { id?: unknown } | null)?.id;
      await record(
        context,
        field,
        'allowed',
        typeof made === 'string' ? [made] : typeof about === 'string' ? [about] : [],
      );
      return result;
    };
  const sharing = sharingResolvers({
    policy: deps.policy,
    agreements: deps.agreements,
    logDatabase: deps.logDatabase,
  });
  type Id = { id: string; reason?: string | null };

  const resolvers = {
    Query: {
      accessLog: guarded(
        'Governance.accessLog',
        'read-access-log',
        async ({
          filter,
          first,
        }: {
          filter?: (Omit<AccessLogQuery, 'limit' | 'agreement'> & { agreement?: string | null }) | null;
          first: number;
        }) => {
          const { agreement, ...rest } = filter ?? {};
          const query: AccessLogQuery = { ...rest, limit: page(first) };
          if (agreement) query.agreement = checkNumericId(agreement);
          return (await queryAccessLog(deps.logDatabase, query)).map(toEntry);
        },
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
      sharingAgreements: step('Governance.sharingAgreements', ({ state }: { state?: AgreementState | null }, by) =>
        sharing.list(by, state ?? null),
      ),
      sharingUsage: step('Governance.sharingUsage', ({ id, recent }: { id: string; recent: number }, by) =>
        sharing.usage(by, id, recent),
      ),
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
      fileSharingRequest: step('Governance.fileSharingRequest', ({ input }: { input: SharingRequest }, by) =>
        sharing.file(by, input),
      ),
      approveSharingRequest: step('Governance.approveSharingRequest', ({ id, reason }: Id, by) =>
        sharing.decide(by, id, true, reason ?? null),
      ),
      rejectSharingRequest: step('Governance.rejectSharingRequest', ({ id, reason }: Id, by) =>
        sharing.decide(by, id, false, reason ?? null),
      ),
      suspendSharingAgreement: step('Governance.suspendSharingAgreement', ({ id, reason }: Id, by) =>
        sharing.change(by, id, 'SUSPENDED', reason ?? null),
      ),
      resumeSharingAgreement: step('Governance.resumeSharingAgreement', ({ id, reason }: Id, by) =>
        sharing.change(by, id, 'ACTIVE', reason ?? null),
      ),
      revokeSharingAgreement: step('Governance.revokeSharingAgreement', ({ id, reason }: Id, by) =>
        sharing.change(by, id, 'REVOKED', reason ?? null),
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
