import { SHARING_LABELS, type DataResource, type Department } from './catalog-model';
import type { Policy } from './policy-model';

/** What is wrong with the catalog and the departments, each naming the file and the key. */
export function catalogProblems(policy: Policy, fileOf: (key: string) => string): string[] {
  const problems: string[] = [];
  const department = (name: string) => policy.departments.has(name);
  const claimedBy = new Map<string, string>();
  for (const d of policy.departments.values())
    for (const claim of d.claims) {
      const other = claimedBy.get(claim);
      if (other)
        problems.push(
          `${fileOf(`departments.${d.name}`)}: departments.${d.name}.claims: "${claim}" already names ${other}`,
        );
      else claimedBy.set(claim, d.name);
    }
  for (const role of policy.roles.values())
    if (role.department && !department(role.department))
      problems.push(
        `${fileOf(`roles.${role.name}`)}: roles.${role.name}.department: unknown department "${role.department}"`,
      );
  const patternOf = new Map<string, string>();
  for (const r of policy.resources.values()) {
    if (!department(r.owner)) problems.push(`${r.source}: resources.${r.name}.owner: unknown department "${r.owner}"`);
    for (const open of r.openTo)
      if (!policy.roles.has(open.role))
        problems.push(`${r.source}: resources.${r.name}.openTo: unknown role "${open.role}"`);
    for (const field of r.fields) {
      const other = patternOf.get(field);
      if (other) problems.push(`${r.source}: resources.${r.name}.fields: ${field} already belongs to ${other}`);
      else patternOf.set(field, r.name);
    }
  }
  return problems;
}

/**
 * The department a caller works for: the token's `department` claim as the policy maps it, else the one
 * department its roles name. A claim the policy does not map, or roles naming different departments
 * without a claim, give none: such a caller reads unconditional resources only.
 */
export function departmentOf(claim: string | null, roles: readonly string[], policy: Policy): string | null {
  if (claim !== null) {
    for (const d of policy.departments.values()) if (d.name === claim || d.claims.includes(claim)) return d.name;
    return null;
  }
  const named = new Set(roles.map((role) => policy.roles.get(role)?.department).filter((d) => d !== undefined));
  return named.size === 1 ? [...named][0]! : null;
}

/** Whether a department reads this resource by law (its statutory terms name the resource's sharing type). */
export const readsByStatute = (department: Department | undefined, resource: DataResource): boolean =>
  resource.sharing !== 'unconditional' && (department?.statutory?.sharing.includes(resource.sharing) ?? false);

/**
 * Why the caller may not read a field of `resource`, or null when it may: the resource is unconditional,
 * the caller's department owns it or reads it by law (its statutory terms), or the resource is open to
 * one of the caller's roles by a rule of its own. A refused conditional resource may still be opened by a
 * sharing agreement in force (plan-access.ts).
 */
export function sharingRefusal(
  resource: DataResource,
  caller: { department: string | null; roles: readonly string[] },
  policy: Policy,
): string | null {
  const { department } = caller;
  if (resource.sharing === 'unconditional' || resource.owner === department) return null;
  if (department && readsByStatute(policy.departments.get(department), resource)) return null;
  if (resource.openTo.some((open) => caller.roles.includes(open.role))) return null;
  const owner = policy.departments.get(resource.owner)?.label ?? resource.owner;
  const terms = `${resource.title} (${resource.name}), owned by ${owner}, is ${SHARING_LABELS[resource.sharing]}`;
  const yours = department
    ? `your department ${policy.departments.get(department)?.label ?? department}`
    : 'a caller of no department';
  return resource.sharing === 'none'
    ? `${terms}: it does not leave its owner, and ${yours} has no statutory access to it`
    : `${terms}: ${yours} needs a sharing agreement with its owner (contact: ${resource.contact})`;
}
