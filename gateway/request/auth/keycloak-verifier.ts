import crypto from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
// keycloak-connect ships no types for its internals; the two classes used here are declared below.
import Keycloak from 'keycloak-connect';
import { LRUCache } from 'lru-cache';

import { TokenRejected, type TokenClaims, type TokenVerifier } from './token-verifier';

export interface KeycloakSettings {
  /** Keycloak's base URL, e.g. https://sso.example.gov.cn (the realm is at <url>/realms/<realm>). */
  url: string;
  realm: string;
  /** The gateway's client id; resource_access roles are read under it. */
  clientId: string;
  /** Accepted `aud` values (default: the client id). */
  audience: readonly string[];
  /** The realm's public key (base64 DER, as Keycloak shows it); unset = fetched from the realm's certs by `kid`. */
  realmPublicKey?: string;
  algorithms: readonly string[];
  clockSkewSeconds: number;
  /** Least time between two fetches of the realm's certs, seconds (keycloak-connect's rate limit). */
  minSecondsBetweenCertFetches: number;
  /**
   * How often the realm's certs are fetched again, seconds (default 60): a key the realm has retired
   * stops verifying tokens within this time, however recently a token signed by it was seen.
   */
  keysRefreshSeconds?: number;
}

interface KeycloakToken {
  header: { alg?: unknown; kid?: unknown };
  content: TokenClaims;
  signed: string;
  signature: Buffer;
}
interface GrantManager {
  validateToken(token: KeycloakToken, expectedType: string): Promise<KeycloakToken>;
  rotation: {
    getJWK(kid: unknown): Promise<string> | undefined;
    retrieveJWKs(): Promise<{ keys: unknown[] }>;
    jwks: unknown[];
    lastTimeRequesTime: number;
  };
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Token = require('keycloak-connect/middleware/auth-utils/token') as new (
  token: string,
  clientId: string,
) => KeycloakToken;

const SUPPORTED = new Set(['RS256', 'ES256']);

/** A Keycloak realm's URL, which is also the `iss` of its tokens. */
export const realmIssuer = (keycloakUrl: string, realm: string) => `${keycloakUrl.replace(/\/+$/, '')}/realms/${realm}`;

function decodePart(part: string | undefined): Record<string, unknown> {
  if (!part || !/^[A-Za-z0-9_-]+$/.test(part)) throw new TokenRejected('malformed token');
  const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new TokenRejected('malformed token');
  return value as Record<string, unknown>;
}

/**
 * keycloak-connect verifies the signature (realm public key, or the realm's certs fetched and cached by
 * `kid`), the issuer and the token type. It accepts tokens without `exp`, never checks `nbf`, ignores
 * `aud` unless told and trusts any `alg` header, so those checks are made here first. keycloak-connect
 * verifies RSA only: ES256 tokens are checked here against the key its rotation fetched.
 */
export class KeycloakTokenVerifier implements TokenVerifier {
  private readonly grants: GrantManager;
  /**
   * Tokens whose signature was verified, by their exact text, with their decoded parts, for at most a
   * minute (and never past their exp): a client sends the same token with every request, and the RSA
   * check is the costliest step of a request. Claims (exp, nbf, iss, aud, alg) are still checked on every use.
   */
  private readonly verified = new LRUCache<string, { header: Record<string, unknown>; claims: TokenClaims }>({
    max: 10_000,
    ttl: 60_000,
  });
  private readonly issuer: string;
  /** Why the realm's keys are not loaded yet (null once they are). */
  private keysProblem: string | null = 'realm keys not loaded yet';

  constructor(private readonly settings: KeycloakSettings) {
    for (const alg of settings.algorithms)
      if (!SUPPORTED.has(alg)) throw new Error(`token algorithm ${alg} is not supported (RS256, ES256)`);
    this.issuer = realmIssuer(settings.url, settings.realm);
    const keycloak = new Keycloak({}, {
      realm: settings.realm,
      'auth-server-url': settings.url,
      resource: settings.clientId,
      'bearer-only': true,
      'verify-token-audience': false, // aud is checked here against the configured audiences
      'confidential-port': 0,
      'ssl-required': 'external',
      'min-time-between-jwks-requests': settings.minSecondsBetweenCertFetches,
      ...(settings.realmPublicKey ? { 'realm-public-key': settings.realmPublicKey } : {}),
    } as unknown as Keycloak.KeycloakConfig);
    this.grants = (keycloak as unknown as { grantManager: GrantManager }).grantManager;
    if (settings.realmPublicKey) this.keysProblem = null;
  }

  keysNotReady(): string | null {
    return this.keysProblem;
  }

  /**
   * Fetches the realm's certs into keycloak-connect's key rotation (which otherwise fetches them on the
   * first token, after the gateway has said it is ready), trying again every `retryMs` until they load;
   * then again every keysRefreshSeconds, until `signal` aborts. keycloak-connect alone fetches only for
   * a kid it has not seen, so a key the realm retired would verify tokens for as long as the process
   * runs; here the published set replaces the cached one, and tokens verified by a key no longer
   * published are verified again. A failed refresh keeps the last set (the realm may be restarting).
   */
  async loadKeys(retryMs = 1000, signal?: AbortSignal): Promise<void> {
    if (this.settings.realmPublicKey) return;
    const { rotation } = this.grants;
    const wait = (ms: number) => sleep(ms, undefined, signal ? { signal } : {}).catch(() => undefined);
    while (!signal?.aborted) {
      try {
        const { keys } = await rotation.retrieveJWKs();
        if (!Array.isArray(keys) || !keys.length) throw new Error('the realm publishes no keys');
        const kids = (list: unknown[]) => list.map((k) => (k as { kid?: unknown }).kid);
        const published = new Set(kids(keys));
        if (kids(rotation.jwks).some((kid) => !published.has(kid))) this.verified.clear();
        rotation.jwks = keys;
        rotation.lastTimeRequesTime = Date.now() / 1000;
        this.keysProblem = null;
      } catch (error) {
        // Not ready until the first set loads (tried again soon); afterwards the last good set stays in use.
        if (this.keysProblem) {
          this.keysProblem = `realm keys not loaded: ${(error as Error).message || 'no answer'}`;
          await wait(retryMs);
          continue;
        }
      }
      // an abort (the gateway closing) ends the wait at once, and with it the loop
      await wait((this.settings.keysRefreshSeconds ?? 60) * 1000);
    }
  }

  async verify(raw: string): Promise<TokenClaims> {
    const known = this.verified.get(raw);
    if (known) {
      this.checkClaims(known.header, known.claims);
      return known.claims;
    }
    const parts = raw.split('.');
    if (parts.length !== 3) throw new TokenRejected('malformed token');
    let header: Record<string, unknown>;
    let claims: TokenClaims;
    try {
      header = decodePart(parts[0]);
      claims = decodePart(parts[1]);
    } catch (error) {
      throw error instanceof TokenRejected ? error : new TokenRejected('malformed token');
    }
    this.checkClaims(header, claims);
    const token = new Token(raw, this.settings.clientId);
    try {
      if (header['alg'] === 'RS256') await this.grants.validateToken(token, 'Bearer');
      else await this.verifyEs256(token);
    } catch (error) {
      throw error instanceof TokenRejected
        ? error
        : new TokenRejected((error as Error).message || 'signature not verified');
    }
    const untilExp = typeof claims.exp === 'number' ? claims.exp * 1000 - Date.now() : 0;
    if (untilExp > 0) this.verified.set(raw, { header, claims }, { ttl: Math.min(60_000, untilExp) });
    return claims;
  }

  private checkClaims(header: Record<string, unknown>, claims: TokenClaims): void {
    const { algorithms, clockSkewSeconds: skew, audience } = this.settings;
    const alg = header['alg'];
    if (typeof alg !== 'string' || !algorithms.includes(alg))
      throw new TokenRejected(`algorithm ${String(alg)} not accepted (${algorithms.join(', ')})`);
    const now = Date.now() / 1000;
    const exp = claims['exp'];
    if (typeof exp !== 'number') throw new TokenRejected('token has no exp');
    if (now > exp + skew) throw new TokenRejected('token expired');
    const nbf = claims['nbf'];
    if (nbf !== undefined && (typeof nbf !== 'number' || nbf > now + skew))
      throw new TokenRejected('token not yet valid (nbf)');
    const iat = claims['iat'];
    if (iat !== undefined && (typeof iat !== 'number' || iat > now + skew))
      throw new TokenRejected('token issued in the future (iat)');
    if (claims['iss'] !== this.issuer) throw new TokenRejected('token from another issuer');
    const aud = claims['aud'];
    const audiences = Array.isArray(aud) ? aud : [aud];
    if (!audiences.some((a) => typeof a === 'string' && audience.includes(a)))
      throw new TokenRejected('token meant for another audience');
    if (claims['typ'] !== 'Bearer') throw new TokenRejected('not an access token (typ must be Bearer)');
  }

  private async verifyEs256(token: KeycloakToken): Promise<void> {
    let key: string | undefined;
    if (this.settings.realmPublicKey) {
      key = `-----BEGIN PUBLIC KEY-----\n${this.settings.realmPublicKey}\n-----END PUBLIC KEY-----`;
    } else {
      key = await this.grants.rotation.getJWK(token.header.kid);
    }
    if (!key) throw new TokenRejected('no realm key for this token');
    const ok = crypto.verify('sha256', Buffer.from(token.signed), { key, dsaEncoding: 'ieee-p1363' }, token.signature);
    if (!ok) throw new TokenRejected('invalid token (signature)');
  }
}
