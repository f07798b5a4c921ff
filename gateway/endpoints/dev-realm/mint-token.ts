import { importJWK, SignJWT } from 'jose';

import type { DevAlgorithm, DevKeyStore } from './dev-keys';

export interface DevTokenRequest {
  user: string;
  roles: readonly string[];
  region?: string;
  department?: string;
  clearance?: string;
  /** For a relationship role (cadre): the holder's person key and the USCC of the body they serve in. */
  personKey?: string;
  unit?: string;
  /** Lifetime in seconds. */
  ttlSeconds: number;
  alg?: DevAlgorithm;
}

export interface DevRealmIdentity {
  /** <keycloak url>/realms/<realm> */
  issuer: string;
  /** The gateway's client id: the token's audience and authorized party. */
  clientId: string;
}

/** A Keycloak-shaped access token signed by the dev realm's current key. */
export async function mintDevToken(
  keys: DevKeyStore,
  realm: DevRealmIdentity,
  request: DevTokenRequest,
): Promise<string> {
  const key = await keys.signingKey(request.alg ?? 'RS256');
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    typ: 'Bearer',
    azp: realm.clientId,
    preferred_username: request.user,
    realm_access: { roles: [...request.roles] },
    ...(request.region ? { region: request.region } : {}),
    ...(request.department ? { department: request.department } : {}),
    ...(request.clearance ? { clearance: request.clearance } : {}),
    ...(request.personKey ? { person_key: request.personKey } : {}),
    ...(request.unit ? { unit: request.unit } : {}),
  })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
    .setIssuer(realm.issuer)
    .setAudience(realm.clientId)
    .setSubject(`dev:${request.user}`)
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + request.ttlSeconds)
    .setJti(crypto.randomUUID())
    .sign(await importJWK(key.privateJwk, key.alg));
}
