import { Kind, parse, type ConstDirectiveNode, type DocumentNode, type FieldDefinitionNode } from 'graphql';

import { fieldHolders } from '../../../policy/sdl-fields';
import type { CheckFinding } from '../model';

interface FieldClaim {
  coordinate: string;
  external: boolean;
  shareable: boolean;
  keyField: boolean;
  overrideFrom?: string;
  provides?: string;
}

const directive = (nodes: readonly ConstDirectiveNode[] | undefined, name: string) =>
  nodes?.find((d) => d.name.value === name);
const stringArg = (d: ConstDirectiveNode | undefined, name: string) => {
  const value = d?.arguments?.find((a) => a.name.value === name)?.value;
  return value?.kind === Kind.STRING ? value.value : undefined;
};

/** Every field a subgraph declares on object and interface types, with the directives that matter. */
function claims(doc: DocumentNode): FieldClaim[] {
  const out: FieldClaim[] = [];
  for (const def of fieldHolders(doc)) {
    // Federation's own types (_Service, _Entity ...) belong to nobody.
    if (def.name.value.startsWith('_')) continue;
    const typeShareable = Boolean(directive(def.directives, 'shareable'));
    const keyFields = new Set(
      (def.directives ?? [])
        .filter((d) => d.name.value === 'key')
        .flatMap((d) => (stringArg(d, 'fields') ?? '').split(/[\s{}]+/).filter(Boolean)),
    );
    for (const field of def.fields ?? ([] as readonly FieldDefinitionNode[])) {
      if (field.name.value.startsWith('_')) continue;
      const override = directive(field.directives, 'override');
      out.push({
        coordinate: `${def.name.value}.${field.name.value}`,
        external: Boolean(directive(field.directives, 'external')),
        shareable: typeShareable || Boolean(directive(field.directives, 'shareable')),
        keyField: keyFields.has(field.name.value),
        ...(override ? { overrideFrom: stringArg(override, 'from') } : {}),
        ...(directive(field.directives, 'provides')
          ? { provides: stringArg(directive(field.directives, 'provides'), 'fields') }
          : {}),
      });
    }
  }
  return out;
}

export interface OwnedSubgraph {
  name: string;
  department: string;
  sdl: string;
}

/**
 * A department may not serve, override or shadow a field another department's subgraph owns
 * (e.g. a partner adding Person.idNumber, or @override(from: "staffing")), unless that owner
 * approves. Key fields (the join keys) and fields both sides mark @shareable are not owned.
 */
export function checkOwnership(candidate: OwnedSubgraph, others: readonly OwnedSubgraph[]): CheckFinding[] {
  const owners = new Map<string, { department: string; subgraph: string; shareable: boolean }>();
  const departmentOf = new Map(others.map((o) => [o.name, o.department]));
  for (const other of others) {
    if (other.department === candidate.department || other.name === candidate.name) continue;
    for (const claim of claims(parse(other.sdl))) {
      if (claim.external || claim.keyField) continue;
      if (!owners.has(claim.coordinate))
        owners.set(claim.coordinate, {
          department: other.department,
          subgraph: other.name,
          shareable: claim.shareable,
        });
    }
  }
  const findings: CheckFinding[] = [];
  for (const claim of claims(parse(candidate.sdl))) {
    if (claim.overrideFrom) {
      const from = departmentOf.get(claim.overrideFrom);
      if (from && from !== candidate.department) {
        findings.push({
          check: 'ownership',
          severity: 'approval',
          owner: from,
          message: `${claim.coordinate} overrides "${claim.overrideFrom}" (owned by ${from})`,
        });
        continue;
      }
    }
    const owner = owners.get(claim.coordinate);
    if (!owner || claim.keyField) continue;
    if (claim.external) continue;
    if (owner.shareable && claim.shareable) continue;
    findings.push({
      check: 'ownership',
      severity: 'approval',
      owner: owner.department,
      message: `${claim.coordinate} is owned by ${owner.department} (subgraph "${owner.subgraph}")`,
    });
  }
  return findings;
}
