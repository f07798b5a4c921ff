import { encodeAccess, SIGNATURE_HEADERS, type SubgraphAccess } from '../../../common/gateway-signature';
import { statedPurpose } from '../access/access-context';
import type { GatewayContext } from '../gateway-context';

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
    ...(principal.relation ? { relation: principal.relation } : {}),
  };
}

const encoded = new WeakMap<object, string>();

/**
 * The access header of a subgraph request (encoded once per request context, however many calls it
 * makes); part of the executor's deduplication key, so only equal callers share an answer.
 */
export const accessHeader = (context: unknown) => {
  let access = context && typeof context === 'object' ? encoded.get(context) : undefined;
  if (access === undefined) {
    access = encodeAccess(subgraphAccessOf(context));
    if (context && typeof context === 'object') encoded.set(context, access);
  }
  return { [SIGNATURE_HEADERS.access]: access };
};
