/** The claims of a verified bearer token (Keycloak access-token shape). */
export interface TokenClaims {
  sub?: string;
  preferred_username?: string;
  realm_access?: { roles?: unknown };
  resource_access?: Record<string, { roles?: unknown } | undefined>;
  region?: unknown;
  department?: unknown;
  clearance?: unknown;
  [claim: string]: unknown;
}

/** Verifies a bearer token; throws TokenRejected with the reason when it must not be trusted. */
export interface TokenVerifier {
  verify(token: string): Promise<TokenClaims>;
  /**
   * Loads what verifying needs (the realm's keys) before the gateway says it is ready; keeps trying in
   * the background. Null once loaded, else why not yet.
   */
  keysNotReady?(): string | null;
}

export class TokenRejected extends Error {
  override name = 'TokenRejected';
}
