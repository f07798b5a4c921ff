import { isLevel, levelRank, minLevel, type Level } from '../../policy/levels';
import type { Capability, Policy } from '../../policy/policy-model';
import { TokenRejected, type TokenClaims } from './token-verifier';

/** Who is asking, as the access decisions see it. */
export interface Principal {
  /** preferred_username (or sub); "anonymous" without a token. */
  user: string;
  anonymous: boolean;
  /** Roles the policy knows; other roles in the token are ignored. */
  roles: string[];
  clearance: Level;
  /** GB/T 2260 code limiting rows to this region and below; null = no region claim. */
  region: string | null;
  department: string | null;
  can: Set<Capability>;
  /** Purpose kinds this user's roles may state. */
  purposeKinds: Set<string>;
}

export const ANONYMOUS: Principal = Object.freeze({
  user: 'anonymous',
  anonymous: true,
  roles: [],
  clearance: 'PUBLIC' as Level,
  region: null,
  department: null,
  can: new Set<Capability>(),
  purposeKinds: new Set<string>(),
});

const stringList = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

/**
 * Maps verified claims to a principal. Roles come from realm_access and resource_access[client];
 * clearance is the highest of the roles' clearances, lowered (never raised) by a `clearance` claim.
 */
export function principalFromClaims(claims: TokenClaims, policy: Policy, clientId: string): Principal {
  const user =
    typeof claims.preferred_username === 'string'
      ? claims.preferred_username
      : typeof claims.sub === 'string'
        ? claims.sub
        : null;
  if (!user) throw new TokenRejected('token names no user (preferred_username or sub)');
  const claimed = new Set([
    ...stringList(claims.realm_access?.roles),
    ...stringList(claims.resource_access?.[clientId]?.roles),
  ]);
  const roles = [...claimed].filter((role) => policy.roles.has(role)).sort();
  let clearance: Level = 'PUBLIC';
  const can = new Set<Capability>();
  const purposeKinds = new Set<string>();
  for (const role of roles) {
    const rolePolicy = policy.roles.get(role)!;
    if (levelRank(rolePolicy.clearance) > levelRank(clearance)) clearance = rolePolicy.clearance;
    for (const capability of rolePolicy.can) can.add(capability);
    for (const kind of rolePolicy.purposes) purposeKinds.add(kind);
  }
  if (claims.clearance !== undefined) {
    if (!isLevel(claims.clearance))
      throw new TokenRejected(`clearance claim must be one of PUBLIC, INTERNAL, SENSITIVE, RESTRICTED`);
    clearance = minLevel(clearance, claims.clearance);
  }
  let region: string | null = null;
  if (claims.region !== undefined) {
    if (typeof claims.region !== 'string' || !/^\d{6}$/.test(claims.region))
      throw new TokenRejected('region claim must be a 6-digit GB/T 2260 code');
    region = claims.region;
  }
  const department = typeof claims.department === 'string' && claims.department ? claims.department : null;
  return { user, anonymous: false, roles, clearance, region, department, can, purposeKinds };
}
