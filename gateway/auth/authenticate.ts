import { GraphQLError } from 'graphql';
import { ErrorCode } from '../../common/errors';
import { logger } from '../../common/logger';
import type { Policy } from '../policy/policy-model';
import { ANONYMOUS, principalFromClaims, type Principal } from './principal';
import { TokenRejected, type TokenVerifier } from './token-verifier';

export interface Authenticator {
  /** The caller of a request, from its Authorization header; anonymous without one. */
  principal(authorization: string | undefined): Promise<Principal>;
}

function unauthenticated(reason: string): GraphQLError {
  return new GraphQLError(`Not authenticated: ${reason}`, { extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } } });
}

/**
 * No Authorization header: anonymous (PUBLIC fields only). A header that is present but not a valid
 * bearer token is refused with 401, never downgraded to anonymous: a client must learn its token failed.
 */
export function createAuthenticator(verifier: TokenVerifier | null, policy: Policy, clientId: string): Authenticator {
  return {
    async principal(authorization) {
      if (authorization === undefined || authorization === '') return ANONYMOUS;
      const match = /^Bearer[ ]+([A-Za-z0-9._~+/=-]+)$/i.exec(authorization.trim());
      if (!match) throw unauthenticated('the Authorization header must be "Bearer <token>"');
      if (!verifier) throw unauthenticated('this gateway has no token verifier configured (KEYCLOAK_URL)');
      try {
        return principalFromClaims(await verifier.verify(match[1]!), policy, clientId);
      } catch (error) {
        if (error instanceof TokenRejected) throw unauthenticated(error.message);
        logger.error({ err: error }, 'token verification failed');
        throw unauthenticated('the token could not be verified');
      }
    },
  };
}
