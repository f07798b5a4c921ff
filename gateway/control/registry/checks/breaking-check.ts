import { findBreakingChanges, type GraphQLSchema } from 'graphql';

import type { CheckFinding } from '../model';

/** Removed or retyped fields, nullability, arguments: what would break clients of the live graph. */
export function checkBreakingChanges(live: GraphQLSchema | null, candidate: GraphQLSchema): CheckFinding[] {
  if (!live) return [];
  return findBreakingChanges(live, candidate).map((change) => ({
    check: 'breaking-change',
    severity: 'approval',
    message: `${change.type}: ${change.description}`,
  }));
}
