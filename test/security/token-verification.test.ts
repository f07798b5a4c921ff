import crypto from 'node:crypto';
import { generateKeyPair, importJWK, SignJWT, type JWTPayload } from 'jose';

import { CLIENT_ID, testAccessConfig } from '../support/access';
import { mysqlStorage } from '../support/env';
import { startTestStack, type TestStack } from '../support/stack';
import { waitUntil } from '../support/wait';

const QUERY = '{ people(first: 1) { totalCount } }';

/**
 * Every kind of bad bearer token is refused with 401 UNAUTHENTICATED (never downgraded to anonymous),
 * by keycloak-connect plus our own checks, against a realm served over HTTP as Keycloak serves it.
 */
describe('security: bearer tokens', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack(mysqlStorage);
  });
  afterAll(async () => {
    await stack[Symbol.asyncDispose]();
  });

  const send = async (authorization: string) => {
    const response = await fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify({ query: QUERY }),
    });
    const body = (await response.json()) as {
      data?: any;
      errors?: Array<{ message: string; extensions?: { code?: string } }>;
    };
    return { status: response.status, body };
  };
  const expectRefused = async (token: string, reason: RegExp) => {
    const { status, body } = await send(`Bearer ${token}`);
    expect(status).toBe(401);
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(body.errors?.[0]?.message).toMatch(reason);
    expect(body.data).toBeUndefined();
  };

  /** A token signed with the realm's current RS256 key, with any claims and header changed. */
  const forge = async (claims: JWTPayload, header: Record<string, unknown> = {}) => {
    const key = await stack.realm.keys.signingKey('RS256');
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      typ: 'Bearer',
      preferred_username: 'x',
      realm_access: { roles: ['supervisor'] },
      region: '320000',
      iss: stack.realm.issuer,
      aud: CLIENT_ID,
      iat: now,
      exp: now + 300,
      ...claims,
    })
      .setProtectedHeader({ alg: 'RS256', kid: key.kid, ...header })
      .sign(await importJWK(key.privateJwk, 'RS256'));
  };

  it('a valid token is accepted (RS256 and ES256)', async () => {
    for (const alg of ['RS256', 'ES256'] as const) {
      const { status, body } = await send(
        `Bearer ${await stack.realm.mint({ user: 'ok', roles: ['supervisor'], region: '320000', alg })}`,
      );
      expect([alg, status, body.errors]).toEqual([alg, 200, undefined]);
      expect(body.data.people.totalCount).toBeGreaterThan(0);
    }
  });

  it('expired', async () => expectRefused(await forge({ exp: Math.floor(Date.now() / 1000) - 120 }), /expired/));
  it('without exp (keycloak-connect alone would accept it)', async () =>
    expectRefused(await forge({ exp: undefined }), /no exp/));
  it('not yet valid (nbf beyond the 30 s skew)', async () =>
    expectRefused(await forge({ nbf: Math.floor(Date.now() / 1000) + 120 }), /not yet valid/));
  it('a little clock skew is tolerated (nbf 10 s ahead)', async () => {
    expect((await send(`Bearer ${await forge({ nbf: Math.floor(Date.now() / 1000) + 10 })}`)).status).toBe(200);
  });
  it('wrong audience', async () => expectRefused(await forge({ aud: 'another-client' }), /audience/));
  it('wrong issuer', async () => expectRefused(await forge({ iss: 'http://127.0.0.1:1/realms/govgraph' }), /issuer/));
  it('not an access token (typ ID)', async () => expectRefused(await forge({ typ: 'ID' }), /typ/));

  it('alg: none', async () => {
    const [header, payload] = (await forge({})).split('.');
    const none = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(header!, 'base64url').toString()), alg: 'none' }),
    ).toString('base64url');
    await expectRefused(`${none}.${payload}.`, /malformed|algorithm none/);
    await expectRefused(`${none}.${payload}.AAAA`, /algorithm none/);
  });

  it('HS256 signed with the realm public key as the HMAC secret', async () => {
    const key = await stack.realm.keys.signingKey('RS256');
    const pem = crypto
      .createPublicKey({ key: key.publicJwk as crypto.JsonWebKey, format: 'jwk' })
      .export({ type: 'spki', format: 'pem' });
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({
      typ: 'Bearer',
      preferred_username: 'x',
      realm_access: { roles: ['supervisor'] },
      iss: stack.realm.issuer,
      aud: CLIENT_ID,
      exp: now + 300,
    })
      .setProtectedHeader({ alg: 'HS256', kid: key.kid })
      .sign(Buffer.from(pem));
    await expectRefused(token, /algorithm HS256 not accepted/);
  });

  it('tampered: a raised region in a validly signed token', async () => {
    const [header, payload, signature] = (await forge({ region: '320500' })).split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const tampered = Buffer.from(
      JSON.stringify({ ...claims, region: '320000', realm_access: { roles: ['supervisor', 'auditor'] } }),
    ).toString('base64url');
    await expectRefused(`${header}.${tampered}.${signature}`, /signature/);
  });

  it('signed by a key the realm never published', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({
      typ: 'Bearer',
      preferred_username: 'x',
      iss: stack.realm.issuer,
      aud: CLIENT_ID,
      exp: now + 300,
    })
      .setProtectedHeader({ alg: 'RS256', kid: 'attacker-key' })
      .sign(privateKey);
    await expectRefused(token, /public key|signature|key/);
  });

  it('key rotation: a token from a new key (new kid) and one from the old key both verify', async () => {
    const old = await stack.realm.mint({ user: 'before', roles: ['supervisor'], region: '320000' });
    await stack.realm.keys.rotate('RS256');
    const rotated = await stack.realm.mint({ user: 'after', roles: ['supervisor'], region: '320000' });
    expect(JSON.parse(Buffer.from(rotated.split('.')[0]!, 'base64url').toString()).kid).not.toBe(
      JSON.parse(Buffer.from(old.split('.')[0]!, 'base64url').toString()).kid,
    );
    expect((await send(`Bearer ${rotated}`)).status).toBe(200);
    expect((await send(`Bearer ${old}`)).status).toBe(200);
  });

  it('the end of the overlap: once the realm retires the old key, its tokens are refused within a refresh, new ones still pass', async () => {
    // A gateway of its own that fetches the realm's keys again every 200 ms (KEYCLOAK_KEYS_REFRESH_SECONDS).
    await using refreshing = await startTestStack(mysqlStorage, {
      access: (realm) => ({ keycloak: { ...testAccessConfig(realm).keycloak, keysRefreshSeconds: 0.2 } }),
    });
    const { realm } = refreshing;
    const ask = (token: string) =>
      fetch(refreshing.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: QUERY }),
      }).then((r) => r.status);
    const oldKey = await realm.keys.signingKey('RS256');
    const old = await realm.mint({ user: 'overlap.old', roles: ['supervisor'], region: '320000' });
    expect(await ask(old)).toBe(200); // verified, and its verification remembered
    await realm.keys.rotate('RS256');
    const current = await realm.mint({ user: 'overlap.new', roles: ['supervisor'], region: '320000' });
    expect([await ask(old), await ask(current)]).toEqual([200, 200]);
    await expect(realm.keys.retire((await realm.keys.signingKey('RS256')).kid)).rejects.toThrow(/signing key/);
    await realm.keys.retire(oldKey.kid);
    await waitUntil(5000, async () => (await ask(old)) === 401);
    expect(await ask(current)).toBe(200);
  });

  it('garbage and other schemes are refused, not treated as anonymous', async () => {
    for (const header of ['Bearer not-a-jwt', 'Basic dXNlcjpwYXNz', 'Bearer a.b.c', 'Bearer']) {
      const { status, body } = await send(header);
      expect([header, status, body.errors?.[0]?.extensions?.code]).toEqual([header, 401, 'UNAUTHENTICATED']);
    }
  });
});
