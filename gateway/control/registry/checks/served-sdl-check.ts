import { parse } from 'graphql';

import { declaredCoordinates } from '../../../policy/sdl-fields';
import type { CheckFinding } from '../model';

/** A registered SDL may not promise fields the running service does not serve. */
export function checkServedSdl(registered: string, served: string): CheckFinding[] {
  const have = new Set(declaredCoordinates(parse(served)));
  const missing = [...new Set(declaredCoordinates(parse(registered)))].filter((c) => !have.has(c));
  if (!missing.length) return [];
  return [
    {
      check: 'sdl',
      severity: 'error',
      message: `the service at this URL does not serve ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ', ...' : ''}`,
    },
  ];
}
