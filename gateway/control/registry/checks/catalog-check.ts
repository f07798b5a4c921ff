import { parse } from 'graphql';

import type { SchemaResources } from '../../../policy/schema-resources';
import { declaredCoordinates } from '../../../policy/sdl-fields';
import type { CheckFinding } from '../model';

/**
 * Every field a subgraph brings must belong to a data resource of the catalog (policies/catalog/) or
 * one it declares with @dataResource, owned by the department registering it; a field without one
 * would be withheld from everyone, so the registry refuses it and says which fields and how to fix it.
 */
export function checkCatalogCoverage(
  candidate: { sdl: string; department: string },
  catalog: SchemaResources,
): CheckFinding[] {
  const findings: CheckFinding[] = catalog.problems.map((message) => ({
    check: 'catalog',
    severity: 'error' as const,
    message,
  }));
  const declared = new Set(declaredCoordinates(parse(candidate.sdl)));
  const missing = catalog.unassigned.filter((coordinate) => declared.has(coordinate));
  if (missing.length) {
    const shown = missing.slice(0, 20).join(', ');
    findings.push({
      check: 'catalog',
      severity: 'error',
      message: `${missing.length} field(s) belong to no data resource (policies/catalog/, or @dataResource on the type with name, title, owner, sharing, legalBasis, updateFrequency, contact): ${shown}${missing.length > 20 ? ', ...' : ''}`,
    });
  }
  for (const resource of catalog.declared.values()) {
    const ownFields = resource.fields.filter((f) => declared.has(f));
    if (ownFields.length && resource.owner !== candidate.department)
      findings.push({
        check: 'catalog',
        severity: 'error',
        message: `@dataResource ${resource.name} names ${resource.owner} as its owner; the registering department is ${candidate.department}`,
      });
  }
  return findings;
}
