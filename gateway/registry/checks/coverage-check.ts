import { Kind, parse } from 'graphql';
import type { CheckFinding } from '../model';

/**
 * Every new field must carry a classification grade (@classified(level: ...)). Until the access
 * policy lands this is reported as a warning; it becomes a hard check with it.
 */
export function checkClassificationCoverage(sdl: string): CheckFinding[] {
  const ungraded: string[] = [];
  for (const def of parse(sdl).definitions) {
    if (def.kind !== Kind.OBJECT_TYPE_DEFINITION && def.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    if (def.name.value.startsWith('_')) continue;
    for (const field of def.fields ?? []) {
      if (field.name.value.startsWith('_')) continue;
      if (!field.directives?.some((d) => d.name.value === 'classified')) ungraded.push(`${def.name.value}.${field.name.value}`);
    }
  }
  if (!ungraded.length) return [];
  const shown = ungraded.slice(0, 20).join(', ');
  return [{
    check: 'classification',
    severity: 'warning',
    message: `${ungraded.length} field(s) carry no @classified grade and will be treated as RESTRICTED: ${shown}${ungraded.length > 20 ? ', ...' : ''}`,
  }];
}
