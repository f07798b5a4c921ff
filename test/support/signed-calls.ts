import { encodeAccess, signRequest, subgraphSigningKey } from '../../common/gateway-signature';

/** A staffing officer's call, as the gateway sends it to the staffing subgraph. */
const ACCESS = encodeAccess({
  user: 'officer',
  roles: ['staffing-officer'],
  clearance: 'SENSITIVE',
  regions: ['320000'],
  purpose: null,
});
const BODY = JSON.stringify({ query: '{ people(first: 1) { totalCount } }' });

/** The signature headers a gateway holding `secret` puts on that call to staffing. */
export const signedCall = (secret: string): Record<string, string> =>
  signRequest(subgraphSigningKey(secret, 'staffing'), { method: 'POST', path: '/graphql', access: ACCESS, body: BODY });

/** Sends that call with these headers (captured, forged or fresh): the status and the first error's message. */
export async function sendCall(url: string, headers: Record<string, string>) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: BODY,
  });
  const body = (await response.json()) as { errors?: Array<{ message: string }> };
  return { status: response.status, message: body.errors?.[0]?.message ?? null };
}
