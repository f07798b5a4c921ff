import { unauthenticated } from '../../../common/errors';
import { logger } from '../../../common/logger';
import type { Policy } from '../../policy/policy-model';
import { ANONYMOUS, principalFromClaims, type Principal } from './principal';
import { TokenRejected, type TokenVerifier } from './token-verifier';

export interface Authenticator {
  /** The caller of a request, from its Authorization header; anonymous without one. */
  principal(authorization: string | undefined): Promise<Principal>;
  /** Null when tokens can be verified now (the realm's keys are loaded, or no verifier is configured); else why not. */
  notReady(): string | null;
}

const notAuthenticated = (reason: string) => unauthenticated(`Not authenticated: ${reason}`);

/**
 * No Authorization header: anonymous (PUBLIC fields only). A header that is present but not a valid
 * bearer token is refused with 401, never downgraded to anonymous: a client must learn its token failed.
 */
export function createAuthenticator(verifier: TokenVerifier | null, policy: Policy, clientId: string): Authenticator {
  return {
    notReady: () => verifier?.keysNotReady?.() ?? null,
    async principal(authorization) {
      if (authorization === undefined || authorization === '') return ANONYMOUS;
      const match = /^Bearer[ ]+([A-Za-z0-9._~+/=-]+)$/i.exec(authorization.trim());
      if (!match) throw notAuthenticated('the Authorization header must be "Bearer <token>"');
      if (!verifier) throw notAuthenticated('this gateway has no token verifier configured (KEYCLOAK_URL)');
      try {
        return principalFromClaims(await verifier.verify(match[1]!), policy, clientId);
      } catch (error) {
        if (error instanceof TokenRejected) throw notAuthenticated(error.message);
        logger.error({ err: error }, 'token verification failed');
        throw notAuthenticated('the token could not be verified');
      }
    },
  };
}
