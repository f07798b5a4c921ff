import { isValidUscc } from '../../../common/identifiers/uscc';
import { PERSON_KEY_SHAPE } from '../../../common/person-key';
import { departmentOf } from '../../policy/catalog-rules';
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
  /** GB/T 2260 code limiting rows to this region and below; null = no region claim, or only relationship roles. */
  region: string | null;
  /** For a role whose rows follow relationships: who the caller is (person key) and the body they serve in. */
  relation: Relation | null;
  /** The department (policies/departments.yaml) the caller works for: the token's claim as mapped, else its roles'. */
  department: string | null;
  can: Set<Capability>;
  /** Purpose kinds this user's roles may state. */
  purposeKinds: Set<string>;
}

/** Whom a relationship-scoped caller is related to: themselves, and the leaders of their body. */
export interface Relation {
  person: string;
  unit: string;
}

export const ANONYMOUS: Principal = Object.freeze({
  user: 'anonymous',
  anonymous: true,
  roles: [],
  clearance: 'PUBLIC' as Level,
  region: null,
  relation: null,
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
  // A claim the policy does not map names no department: such a caller reads unconditional resources only.
  const claim = typeof claims.department === 'string' && claims.department ? claims.department : null;
  const department = departmentOf(claim, roles, policy);
  const rows = new Set(roles.map((role) => policy.roles.get(role)!.rows));
  // A caller whose every role reads by relationship has no region rows at all, whatever the region claim.
  if (rows.size === 1 && rows.has('relationship')) region = null;
  const relation = rows.has('relationship') ? relationOf(claims) : null;
  return { user, anonymous: false, roles, clearance, region, relation, department, can, purposeKinds };
}

/** The `person_key` and `unit` claims of a relationship role; without both, the caller is related to no one. */
function relationOf(claims: TokenClaims): Relation | null {
  const { person_key: person, unit } = claims;
  if (person === undefined && unit === undefined) return null;
  if (typeof person !== 'string' || !PERSON_KEY_SHAPE.test(person))
    throw new TokenRejected('person_key claim must be a person key (32 lower-case hex characters)');
  if (typeof unit !== 'string' || !isValidUscc(unit))
    throw new TokenRejected('unit claim must be the 18-character unified social credit code of a body');
  return { person, unit };
}
