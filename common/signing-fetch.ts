import {
  encodeAccess,
  SIGNATURE_HEADERS,
  signRequest,
  subgraphSigningKey,
  type SubgraphAccess,
} from './gateway-signature';

/** The access context of calls the gateway makes for itself (schema fetches): no caller, no scoped rows. */
export const GATEWAY_ITSELF: SubgraphAccess = {
  user: 'govgraph-gateway',
  roles: [],
  clearance: 'PUBLIC',
  regions: [],
  purpose: null,
};

/**
 * Signs every request a fetch sends to one subgraph with that subgraph's key (the body and the access
 * header included). Used by the gateway, and by the supervision subgraph to pass its caller's verified
 * access context on to the systems it reads.
 */
export function signingFetch(gatewaySecret: string, subgraph: string, inner: typeof fetch = fetch): typeof fetch {
  const key = subgraphSigningKey(gatewaySecret, subgraph);
  return (input, init) => {
    const headers = new Headers(init?.headers);
    const access = headers.get(SIGNATURE_HEADERS.access) ?? encodeAccess(GATEWAY_ITSELF);
    const url = new URL(input instanceof Request ? input.url : String(input));
    const body = typeof init?.body === 'string' ? init.body : '';
    for (const [name, value] of Object.entries(
      signRequest(key, { method: init?.method ?? 'GET', path: url.pathname, access, body }),
    ))
      headers.set(name, value);
    return inner(input, { ...init, headers });
  };
}
