import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';

/** Development-only signing secret; production configuration must set GATEWAY_SIGNING_SECRET / SUBGRAPH_SIGNING_KEY. */
export const DEV_SIGNING_SECRET = 'govgraph-dev-signing-secret-not-for-production';

export const SIGNATURE_HEADERS = {
  /** The caller's access context, base64url JSON (SubgraphAccess). */
  access: 'x-govgraph-access',
  timestamp: 'x-govgraph-timestamp',
  nonce: 'x-govgraph-nonce',
  signature: 'x-govgraph-signature',
} as const;

/** What a subgraph learns about the caller: enough to filter rows in SQL and to log. */
export interface SubgraphAccess {
  user: string;
  roles: string[];
  clearance: string;
  /** GB/T 2260 codes whose person and transactional rows (and below) the caller may read: the region claim plus active cross-region grants. */
  regions: string[];
  purpose: string | null;
  /** For a relationship role: the caller's person key and the body they serve in (rows they are related to). */
  relation?: { person: string; unit: string };
}

/**
 * Each subgraph has its own key, derived from the gateway's secret and the subgraph's name, so a
 * partner that verifies the gateway's calls cannot sign calls to another department's subgraph.
 */
export function subgraphSigningKey(gatewaySecret: string, subgraph: string): Buffer {
  return createHmac('sha256', gatewaySecret).update(`govgraph subgraph signing key v1\n${subgraph}`).digest();
}

export const encodeAccess = (access: SubgraphAccess): string =>
  Buffer.from(JSON.stringify(access)).toString('base64url');

function mac(
  key: Buffer,
  parts: { method: string; path: string; timestamp: string; nonce: string; access: string; body: string },
): string {
  return createHmac('sha256', key)
    .update(
      [
        'govgraph-v1',
        parts.method.toUpperCase(),
        parts.path,
        parts.timestamp,
        parts.nonce,
        parts.access,
        parts.body,
      ].join('\n'),
    )
    .digest('base64url');
}

/** The headers that sign one request: timestamp, a fresh nonce, and the HMAC over all of it with the body. */
export function signRequest(
  key: Buffer,
  request: { method: string; path: string; access: string; body: string },
  now = Date.now(),
): Record<string, string> {
  const timestamp = String(now);
  // randomUUID draws from a buffered pool: no system call per request (122 random bits)
  const nonce = randomUUID();
  return {
    [SIGNATURE_HEADERS.access]: request.access,
    [SIGNATURE_HEADERS.timestamp]: timestamp,
    [SIGNATURE_HEADERS.nonce]: nonce,
    [SIGNATURE_HEADERS.signature]: mac(key, { ...request, timestamp, nonce }),
  };
}

export type Verified =
  { ok: true; access: SubgraphAccess; nonce: string; timestamp: number } | { ok: false; reason: string };

/** Checks a request's signature and freshness (not replays: the caller keeps the nonces it has seen). */
export function verifyRequest(
  key: Buffer,
  request: { method: string; path: string; body: string; header(name: string): string | undefined },
  windowMs: number,
  now = Date.now(),
): Verified {
  const access = request.header(SIGNATURE_HEADERS.access);
  const timestamp = request.header(SIGNATURE_HEADERS.timestamp);
  const nonce = request.header(SIGNATURE_HEADERS.nonce);
  const signature = request.header(SIGNATURE_HEADERS.signature);
  if (!access || !timestamp || !nonce || !signature) return { ok: false, reason: 'not signed by the gateway' };
  if (!/^\d{1,15}$/.test(timestamp) || Math.abs(now - Number(timestamp)) > windowMs)
    return { ok: false, reason: 'signature outside the replay window' };
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(nonce)) return { ok: false, reason: 'malformed nonce' };
  const expected = Buffer.from(
    mac(key, { method: request.method, path: request.path, timestamp, nonce, access, body: request.body }),
  );
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'bad signature' };
  let decoded: SubgraphAccess;
  try {
    decoded = JSON.parse(Buffer.from(access, 'base64url').toString('utf8')) as SubgraphAccess;
  } catch {
    return { ok: false, reason: 'malformed access context' };
  }
  if (!isAccessShape(decoded)) return { ok: false, reason: 'malformed access context' };
  return { ok: true, access: decoded, nonce, timestamp: Number(timestamp) };
}

const isStringList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((v) => typeof v === 'string');

/** Even a correctly signed context is checked for shape before a subgraph filters rows by it. */
function isAccessShape(value: unknown): value is SubgraphAccess {
  const a = value as Partial<SubgraphAccess> | null;
  return (
    typeof a === 'object' &&
    a !== null &&
    typeof a.user === 'string' &&
    isStringList(a.roles) &&
    typeof a.clearance === 'string' &&
    isStringList(a.regions) &&
    (a.purpose === null || typeof a.purpose === 'string') &&
    (a.relation === undefined ||
      (typeof a.relation === 'object' &&
        a.relation !== null &&
        typeof a.relation.person === 'string' &&
        typeof a.relation.unit === 'string'))
  );
}
