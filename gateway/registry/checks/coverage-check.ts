import { Kind, parse } from 'graphql';
import type { CheckFinding } from '../model';

/** The fields a subgraph SDL defines or extends, as "Type.field" (federation internals left out). */
function sdlFields(sdl: string): string[] {
  const fields: string[] = [];
  for (const def of parse(sdl).definitions) {
    if (
      def.kind !== Kind.OBJECT_TYPE_DEFINITION && def.kind !== Kind.OBJECT_TYPE_EXTENSION &&
      def.kind !== Kind.INTERFACE_TYPE_DEFINITION && def.kind !== Kind.INTERFACE_TYPE_EXTENSION
    ) continue;
    if (def.name.value.startsWith('_')) continue;
    for (const field of def.fields ?? []) if (!field.name.value.startsWith('_')) fields.push(`${def.name.value}.${field.name.value}`);
  }
  return fields;
}

/**
 * Every field a new subgraph brings must carry a classification grade, from the policy files or its
 * own @classified(level: "...") directive. An ungraded field would be served as RESTRICTED; the
 * registry refuses it instead, so that a department states the grade rather than discovering it.
 */
export function checkClassificationCoverage(sdl: string, ungradedInGraph: readonly string[]): CheckFinding[] {
  const ungraded = new Set(ungradedInGraph);
  const missing = sdlFields(sdl).filter((coordinate) => ungraded.has(coordinate));
  if (!missing.length) return [];
  const shown = missing.slice(0, 20).join(', ');
  return [{
    check: 'classification',
    severity: 'error',
    message: `${missing.length} field(s) carry no grade (policy file or @classified(level: "PUBLIC|INTERNAL|SENSITIVE|RESTRICTED")): ${shown}${missing.length > 20 ? ', ...' : ''}`,
  }];
}
