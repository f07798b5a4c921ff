import { join } from 'node:path';
import { z } from 'zod';

import { parseConfig } from '../../common/config';
import { projectRoot } from '../../common/paths';
import {
  readSubgraphAddresses,
  shippedSubgraphSources,
  SUBGRAPH_ADDRESS_VARIABLES,
  subgraphAddressShape,
} from '../../common/subgraph-addresses';
import type { SubgraphSource } from '../control/composition/subgraph-source';
import { RedisKeyValueCache } from '../request/cache/redis-key-value-cache';
import { loadTrustedDocuments } from '../request/persisted/trusted-documents';
import { openRateLimiter } from '../request/rate-limits/redis-rate-limiter';
import type { GatewayEdge } from '../request/request-path';
import { DEFAULT_CALL_POLICY } from '../request/resilience/call-policy';

const schema = z.object({
  /** Address to bind (default 127.0.0.1). */
  host: z.string().min(1).default('127.0.0.1'),
  /** Port of /graphql (default 4000). */
  port: z.coerce.number().int().min(0).max(65535).default(4000),
  ...subgraphAddressShape,
  /** Redis for the shared registry, rate limits and cache (REDIS_URL); unset = in-process (one gateway). */
  redisUrl: z
    .string()
    .regex(/^rediss?:\/\/\S+$/, 'must look like redis://host:port')
    .optional(),
  /** Key prefix in Redis (default govgraph:), so several graphs can share one Redis. */
  redisPrefix: z
    .string()
    .regex(/^[a-z0-9:_-]+$/)
    .default('govgraph:'),
  persisted: z.object({
    /** apq (default): automatic persisted queries, any operation; trusted: only the manifest's; off. */
    mode: z.enum(['apq', 'trusted', 'off']).default('apq'),
    /** The trusted documents (default schema/persisted-operations.json, made by codegen). */
    manifest: z
      .string()
      .min(1)
      .default(join(projectRoot, 'schema', 'persisted-operations.json')),
  }),
  /** Proxies whose X-Forwarded-For names the client (rate limits per address): express "trust proxy", e.g. "10.0.0.0/8" or "1" hop. */
  trustProxy: z.string().min(1).optional(),
  registry: z.object({
    /** Hosts a registered subgraph URL may point at (default 127.0.0.1, localhost). */
    allowedHosts: z.array(z.string().min(1)).min(1),
    /** Admin tokens, one per person: "alice:token,bob:token" (default: none, admin API closed). */
    adminTokens: z.string().default(''),
  }),
  /** How subgraphs are called: budget, retries, answer size, circuit breaker (see call-policy.ts). */
  calls: z.object({
    timeoutMs: z.coerce.number().int().min(10).max(600_000).default(DEFAULT_CALL_POLICY.timeoutMs),
    /** From SUBGRAPH_TIMEOUTS_MS="supervision=60000,partner=8000", over the defaults. */
    timeoutByName: z.record(
      z.string().regex(/^[a-z][a-z0-9_-]*$/, 'a subgraph name'),
      z.coerce.number().int().min(10).max(600_000),
    ),
    retries: z.coerce.number().int().min(0).max(10).default(DEFAULT_CALL_POLICY.retries),
    backoffMs: z.coerce.number().int().min(0).max(60_000).default(DEFAULT_CALL_POLICY.backoffMs),
    maxResponseBytes: z.coerce.number().int().min(1024).default(DEFAULT_CALL_POLICY.maxResponseBytes),
    breaker: z.object({
      minimumCalls: z.coerce.number().int().min(1).default(DEFAULT_CALL_POLICY.breaker.minimumCalls),
      failurePercent: z.coerce.number().int().min(1).max(100).default(DEFAULT_CALL_POLICY.breaker.failurePercent),
      cooldownMs: z.coerce.number().int().min(10).default(DEFAULT_CALL_POLICY.breaker.cooldownMs),
      windowMs: z.coerce.number().int().min(100).default(DEFAULT_CALL_POLICY.breaker.windowMs),
    }),
  }),
});
export type GatewayConfig = z.infer<typeof schema>;

/** "a=1,b=2" → { a: '1', b: '2' }; a pair without "=" is kept whole so validation names it. */
function namedValues(list: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of (list ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const at = pair.indexOf('=');
    out[at < 0 ? pair : pair.slice(0, at).trim()] = at < 0 ? '' : pair.slice(at + 1).trim();
  }
  return out;
}

/** Reads the gateway's settings from the environment once, at start. */
export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const read = (name: string) => env[name] || undefined;
  return parseConfig(
    schema,
    {
      host: read('GATEWAY_HOST'),
      port: read('GATEWAY_PORT'),
      ...readSubgraphAddresses(env),
      redisUrl: read('REDIS_URL'),
      redisPrefix: read('REDIS_PREFIX'),
      trustProxy: read('TRUST_PROXY'),
      persisted: { mode: read('PERSISTED_OPERATIONS'), manifest: read('PERSISTED_OPERATIONS_MANIFEST') },
      registry: {
        allowedHosts: (read('REGISTRY_ALLOWED_HOSTS') ?? '127.0.0.1,localhost')
          .split(',')
          .map((h) => h.trim())
          .filter(Boolean),
        adminTokens: read('REGISTRY_ADMIN_TOKENS'),
      },
      calls: {
        timeoutMs: read('SUBGRAPH_TIMEOUT_MS'),
        timeoutByName: { ...DEFAULT_CALL_POLICY.timeoutByName, ...namedValues(read('SUBGRAPH_TIMEOUTS_MS')) },
        retries: read('SUBGRAPH_RETRIES'),
        backoffMs: read('SUBGRAPH_BACKOFF_MS'),
        maxResponseBytes: read('SUBGRAPH_MAX_RESPONSE_BYTES'),
        breaker: {
          minimumCalls: read('BREAKER_MINIMUM_CALLS'),
          failurePercent: read('BREAKER_FAILURE_PERCENT'),
          cooldownMs: read('BREAKER_COOLDOWN_MS'),
          windowMs: read('BREAKER_WINDOW_MS'),
        },
      },
    },
    {
      host: 'GATEWAY_HOST',
      port: 'GATEWAY_PORT',
      ...SUBGRAPH_ADDRESS_VARIABLES,
      redisUrl: 'REDIS_URL',
      redisPrefix: 'REDIS_PREFIX',
      trustProxy: 'TRUST_PROXY',
      persisted: 'PERSISTED_OPERATIONS / PERSISTED_OPERATIONS_MANIFEST',
      registry: 'REGISTRY_ALLOWED_HOSTS / REGISTRY_ADMIN_TOKENS',
      calls: 'SUBGRAPH_* / BREAKER_*',
    },
  );
}

/**
 * The gateway's edge as configured: rate limits, persisted operations (the trusted documents read, and
 * their hashes checked, in trusted mode) and the response cache, in Redis when REDIS_URL is set.
 */
export async function gatewayEdge(config: GatewayConfig): Promise<GatewayEdge> {
  const { redisUrl, redisPrefix } = config;
  const { mode, manifest } = config.persisted;
  const trusted = mode === 'trusted' ? loadTrustedDocuments(manifest) : new Map<string, string>();
  return {
    rateLimiter: await openRateLimiter(redisUrl, redisPrefix),
    trustProxy: config.trustProxy,
    persisted: {
      mode,
      trusted,
      ...(mode === 'apq' && redisUrl
        ? { apqCache: await RedisKeyValueCache.connect(redisUrl, `${redisPrefix}apq:`) }
        : {}),
    },
    responseStore: redisUrl ? await RedisKeyValueCache.connect(redisUrl, `${redisPrefix}response:`) : undefined,
  };
}

/** The shipped subgraphs at their configured addresses. */
export function shippedSubgraphs(config: GatewayConfig): SubgraphSource[] {
  return shippedSubgraphSources(config);
}
