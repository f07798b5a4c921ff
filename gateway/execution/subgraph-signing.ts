import { encodeAccess, SIGNATURE_HEADERS, signRequest, subgraphSigningKey, type SubgraphAccess } from '../../common/gateway-signature';
import type { GatewayContext } from '../access/governed-executor';
import { statedPurpose } from '../access/access-context';

/** The access context the gateway itself uses (schema fetches): no caller, no scoped rows. */
export const GATEWAY_ITSELF: SubgraphAccess = { user: 'govgraph-gateway', roles: [], clearance: 'PUBLIC', regions: [], purpose: null };

/** What a subgraph is told about the caller of a gateway request. */
export function subgraphAccessOf(context: unknown): SubgraphAccess {
  const access = (context as Partial<GatewayContext> | undefined)?.access;
  if (!access) return { user: 'anonymous', roles: [], clearance: 'PUBLIC', regions: [], purpose: null };
  const { principal, purpose, regions } = access;
  return {
    user: principal.user,
    roles: principal.roles,
    clearance: principal.clearance,
    regions,
    purpose: statedPurpose(purpose),
  };
}

/** The access header of a subgraph request; part of executor-http's deduplication key, so only equal callers share an answer. */
export const accessHeader = (context: unknown) => ({ [SIGNATURE_HEADERS.access]: encodeAccess(subgraphAccessOf(context)) });

/** Signs every request a fetch sends to one subgraph with that subgraph's key (the body and access header included). */
export function signingFetch(gatewaySecret: string, subgraph: string, inner: typeof fetch = fetch): typeof fetch {
  const key = subgraphSigningKey(gatewaySecret, subgraph);
  return (input, init) => {
    const headers = new Headers(init?.headers);
    const access = headers.get(SIGNATURE_HEADERS.access) ?? encodeAccess(GATEWAY_ITSELF);
    const url = new URL(input instanceof Request ? input.url : String(input));
    const body = typeof init?.body === 'string' ? init.body : '';
    for (const [name, value] of Object.entries(signRequest(key, { method: init?.method ?? 'GET', path: url.pathname, access, body }))) headers.set(name, value);
    return inner(input, { ...init, headers });
  };
}
