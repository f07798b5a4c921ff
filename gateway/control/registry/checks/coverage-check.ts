import { parse } from 'graphql';

import { declaredCoordinates } from '../../../policy/sdl-fields';
import type { CheckFinding } from '../model';

/**
 * Every field a new subgraph brings must carry a classification grade, from the policy files or its
 * own @classified(level: "...") directive. An ungraded field would be served as RESTRICTED; the
 * registry refuses it instead, so that a department states the grade rather than discovering it.
 */
export function checkClassificationCoverage(sdl: string, ungradedInGraph: readonly string[]): CheckFinding[] {
  const ungraded = new Set(ungradedInGraph);
  const missing = declaredCoordinates(parse(sdl)).filter((coordinate) => ungraded.has(coordinate));
  if (!missing.length) return [];
  const shown = missing.slice(0, 20).join(', ');
  return [
    {
      check: 'classification',
      severity: 'error',
      message: `${missing.length} field(s) carry no grade (policy file or @classified(level: "PUBLIC|INTERNAL|SENSITIVE|RESTRICTED")): ${shown}${missing.length > 20 ? ', ...' : ''}`,
    },
  ];
}
