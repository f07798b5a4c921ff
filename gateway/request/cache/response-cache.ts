import { createHash } from 'node:crypto';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import {
  getNamedType,
  GraphQLError,
  isCompositeType,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';

import { logger } from '../../../common/logger';
import type { CachePolicy } from '../../policy/policy-model';
import type { AccessContext } from '../access/access-context';

/** What a cached answer holds: the answer as the caller saw it (masked), and what its access-log record names. */
interface CachedAnswer {
  data: Record<string, unknown> | null;
  errors: Array<{ message: string; path?: ReadonlyArray<string | number>; extensions?: Record<string, unknown> }>;
  entities: Record<string, string[]>;
}

export interface CacheHit {
  data: Record<string, unknown> | null;
  errors: GraphQLError[];
  entities: Record<string, string[]>;
}

/** JSON with object keys sorted, so equal variables give equal keys whatever their order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Answers reused within one access context. The key holds everything an answer depends on: the
 * composition, the operation and its variables, and the access context (clearance, roles, department,
 * sharing agreements, region scope, grants, pseudonym key epoch; the stated purpose only where policy lets purposed requests share).
 * The user's name is not in it: two officers with the same roles and scope see the same answer.
 */
export class ResponseCache {
  private readonly ttls = new WeakMap<OperationDefinitionNode, number>();

  constructor(
    private readonly store: KeyValueCache<string>,
    private readonly policy: CachePolicy,
  ) {}

  /** Seconds the answer may be kept: the shortest TTL of the types the operation touches, 0 if any has none. */
  ttlOf(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): number {
    let ttl = this.ttls.get(operation);
    if (ttl !== undefined) return ttl;
    ttl = Infinity;
    const typeInfo = new TypeInfo(schema);
    const fragments = document.definitions.filter((d) => d.kind === 'FragmentDefinition');
    visit(
      { kind: document.kind, definitions: [operation, ...fragments] },
      visitWithTypeInfo(typeInfo, {
        Field: () => {
          const type = typeInfo.getType();
          const named = type ? getNamedType(type) : null;
          if (named && isCompositeType(named)) ttl = Math.min(ttl!, this.policy.ttlSeconds[named.name] ?? 0);
          if (!type) ttl = 0;
        },
      }),
    );
    if (!Number.isFinite(ttl)) ttl = 0; // only scalars at the root: nothing of reference data
    this.ttls.set(operation, ttl);
    return ttl;
  }

  /** Whether this request may use the cache at all. */
  applies(access: AccessContext): boolean {
    return this.policy.enabled && (access.purpose === null || this.policy.withPurpose);
  }

  key(
    version: number,
    source: string,
    operationName: string | null,
    variables: Record<string, unknown>,
    access: AccessContext,
    maskEpoch: number,
  ): string {
    const { principal } = access;
    const context = [
      principal.anonymous,
      principal.clearance,
      [...principal.roles].sort(),
      principal.department,
      access.agreements.map((a) => a.id),
      access.regions,
      principal.relation,
      access.grants,
      maskEpoch,
      this.policy.withPurpose ? (access.purpose?.caseNumber ?? null) : null,
    ];
    return createHash('sha256')
      .update(canonical([version, source, operationName, variables, context]))
      .digest('hex');
  }

  async get(key: string): Promise<CacheHit | null> {
    let text: string | undefined;
    try {
      text = await this.store.get(key);
    } catch (error) {
      logger.warn({ err: (error as Error).message }, 'response cache unavailable: answering fresh');
      return null;
    }
    if (!text) return null;
    const cached = JSON.parse(text) as CachedAnswer;
    return {
      data: cached.data,
      errors: cached.errors.map(
        (e) =>
          new GraphQLError(e.message, {
            ...(e.path ? { path: e.path } : {}),
            ...(e.extensions ? { extensions: e.extensions } : {}),
          }),
      ),
      entities: cached.entities,
    };
  }

  async set(
    key: string,
    ttlSeconds: number,
    answer: {
      data: Record<string, unknown> | null;
      errors: readonly GraphQLError[];
      entities: Record<string, string[]>;
    },
  ): Promise<void> {
    const cached: CachedAnswer = {
      data: answer.data,
      errors: answer.errors.map((e) => ({
        message: e.message,
        ...(e.path ? { path: e.path } : {}),
        extensions: { ...e.extensions },
      })),
      entities: answer.entities,
    };
    await this.store
      .set(key, JSON.stringify(cached), { ttl: ttlSeconds })
      .catch((error: Error) => logger.warn({ err: error.message }, 'response cache not written'));
  }
}
