import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Static admin tokens, one per person ("alice:token,bob:token"), for running the registry without
 * Keycloak (Keycloak tokens whose roles can administer-registry are accepted too). One token per
 * person, so that the two-person rule knows who is who.
 */
export class AdminTokens {
  private readonly entries: Array<{ name: string; digest: Buffer }>;

  constructor(spec: string) {
    this.entries = spec
      .split(',')
      .map((pair) => pair.trim())
      .filter(Boolean)
      .map((pair) => {
        const at = pair.indexOf(':');
        const name = pair.slice(0, at).trim();
        const token = pair.slice(at + 1).trim();
        if (at < 1 || token.length < 16)
          throw new Error('REGISTRY_ADMIN_TOKENS entries are name:token with a token of 16+ characters');
        return { name, digest: createHash('sha256').update(token).digest() };
      });
  }

  /** Who holds this bearer token, compared in constant time; undefined for anyone else. */
  whoHolds(authorization: string | undefined): string | undefined {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token) return undefined;
    const digest = createHash('sha256').update(token).digest();
    let holder: string | undefined;
    for (const entry of this.entries) if (timingSafeEqual(entry.digest, digest)) holder = entry.name;
    return holder;
  }

  get size(): number {
    return this.entries.length;
  }
}
