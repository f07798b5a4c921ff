import express from 'express';

import type { ExtraEndpoint } from '../../../common/http-server';
import { realmPublicKey, type DevKeyStore } from './dev-keys';
import { DEV_USERS } from './dev-users';
import { mintDevToken, type DevRealmIdentity } from './mint-token';

const TOKEN_TTL_SECONDS = 3600;

/**
 * The dev realm served at Keycloak's own paths (/realms/<realm>, .../protocol/openid-connect/certs and
 * .../token), so that keycloak-connect talks to it exactly as it would to a real Keycloak. Keys are
 * re-read on each request: a key rotated by `npm run token -- --rotate` is published at once.
 */
export function createDevRealmEndpoint(realm: string, identity: DevRealmIdentity, keys: DevKeyStore): ExtraEndpoint {
  const router = express.Router();
  router.get('/', async (_req, res) => {
    const rsa = await keys.signingKey('RS256');
    res.json({
      realm,
      public_key: realmPublicKey(rsa),
      'token-service': `${identity.issuer}/protocol/openid-connect`,
      'account-service': `${identity.issuer}/account`,
      'tokens-not-before': 0,
    });
  });
  router.get('/.well-known/openid-configuration', (_req, res) => {
    res.json({
      issuer: identity.issuer,
      jwks_uri: `${identity.issuer}/protocol/openid-connect/certs`,
      token_endpoint: `${identity.issuer}/protocol/openid-connect/token`,
      grant_types_supported: ['password'],
      id_token_signing_alg_values_supported: ['RS256', 'ES256'],
    });
  });
  router.get('/protocol/openid-connect/certs', async (_req, res) => {
    res.json({ keys: (await keys.keys()).map((key) => key.publicJwk) });
  });
  router.post(
    '/protocol/openid-connect/token',
    express.urlencoded({ extended: false, limit: '16kb' }),
    async (req, res) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const user = DEV_USERS.find((u) => u.user === body['username']);
      if (body['grant_type'] !== 'password') {
        res.status(400).json({
          error: 'unsupported_grant_type',
          error_description: 'the dev realm supports the password grant only',
        });
      } else if (!user || body['password'] !== user.user) {
        res.status(401).json({ error: 'invalid_grant', error_description: 'Invalid user credentials' });
      } else {
        const token = await mintDevToken(keys, identity, { ...user, ttlSeconds: TOKEN_TTL_SECONDS });
        res.json({ access_token: token, expires_in: TOKEN_TTL_SECONDS, token_type: 'Bearer', scope: 'openid' });
      }
    },
  );
  return { path: `/realms/${realm}`, handler: router, close: async () => {} };
}
