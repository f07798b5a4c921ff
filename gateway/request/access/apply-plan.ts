import { GraphQLError } from 'graphql';

import { ErrorCode } from '../../../common/errors';
import type { Masker } from './masker';
import { ID_KEY, TYPE_KEY, type AccessPlan, type Placement } from './plan-access';

type Path = Array<string | number>;
type ResponseObject = Record<string, unknown>;

/** At most this many FORBIDDEN_FIELD / PURPOSE_REQUIRED errors per response; one more says how many were left out. */
const MAX_ERRORS = 100;

const isObject = (value: unknown): value is ResponseObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Calls `visit` with every object at the placement's parent path (through lists) that the placement applies to. */
function eachHolder(data: unknown, placement: Placement, visit: (holder: ResponseObject, path: Path) => void): void {
  const descend = (value: unknown, depth: number, path: Path): void => {
    if (Array.isArray(value)) {
      value.forEach((item, index) => descend(item, depth, [...path, index]));
      return;
    }
    if (!isObject(value)) return;
    if (depth === placement.parentKeys.length) {
      const type = value[TYPE_KEY];
      // Without a type name (never expected) the decision applies: withholding too much is the safe side.
      if (!placement.types || typeof type !== 'string' || placement.types.has(type)) visit(value, path);
      return;
    }
    const key = placement.parentKeys[depth]!;
    descend(value[key], depth + 1, [...path, key]);
  };
  descend(data, 0, []);
}

export interface Applied {
  /** Errors to add to the response. */
  errors: GraphQLError[];
  /** For the access log: ids of the entities whose RESTRICTED fields are returned, by field coordinate. */
  entities: Record<string, string[]>;
}

/**
 * Completes an executed plan: each withheld field becomes null with an error carrying its path (the
 * other fields keep their answers), masked values are masked once each, the entities of RESTRICTED
 * reads are noted, and the plan's own helper fields are dropped.
 */
export function applyPlan(data: ResponseObject | null | undefined, plan: AccessPlan, masker: Masker): Applied {
  if (!data) return { errors: [], entities: {} };
  const errors: GraphQLError[] = [];
  const seen = new Set<string>();
  let omitted = 0;
  for (const withheld of plan.withheld) {
    let found = false;
    eachHolder(data, withheld, (holder, path) => {
      found = true;
      holder[withheld.key] = null;
      const full = [...path, withheld.key];
      const id = full.join('.');
      if (seen.has(id)) return;
      seen.add(id);
      if (errors.length >= MAX_ERRORS) omitted++;
      else
        errors.push(
          new GraphQLError(withheld.message, {
            path: full,
            extensions: { code: withheld.code, coordinate: withheld.coordinate },
          }),
        );
    });
    // Nothing to hold the field (its parent was null or an empty list): still say it was withheld.
    if (!found && !seen.has(withheld.coordinate)) {
      seen.add(withheld.coordinate);
      if (errors.length < MAX_ERRORS)
        errors.push(
          new GraphQLError(withheld.message, {
            path: [...withheld.parentKeys, withheld.key],
            extensions: { code: withheld.code, coordinate: withheld.coordinate },
          }),
        );
    }
  }
  if (omitted)
    errors.push(
      new GraphQLError(`${omitted} more withheld field(s) not listed`, {
        extensions: { code: plan.withheld[0]!.code, omitted },
      }),
    );

  const maskedAlready = new WeakMap<ResponseObject, Set<string>>();
  for (const masked of plan.masked) {
    eachHolder(data, masked, (holder) => {
      const done = maskedAlready.get(holder) ?? new Set<string>();
      if (done.has(masked.key) || !(masked.key in holder)) return;
      done.add(masked.key);
      maskedAlready.set(holder, done);
      holder[masked.key] = masker.apply(masked.mask, holder[masked.key]);
    });
  }

  const entities: Record<string, string[]> = {};
  for (const read of plan.entityReads) {
    eachHolder(data, read, (holder) => {
      const id = holder[ID_KEY];
      if (holder[read.key] === null || holder[read.key] === undefined || id === undefined || id === null) return;
      const ids = (entities[read.coordinate] ??= []);
      if (!ids.includes(String(id))) ids.push(String(id));
    });
  }

  for (const added of plan.added)
    eachHolder(data, { ...added, types: null }, (holder) => void delete holder[added.key]);
  return { errors, entities };
}

/**
 * Fail closed: when the access log cannot be written, every SENSITIVE and RESTRICTED value is taken
 * out of the response (null, with an error at its path), whatever the caller's clearance.
 */
export function withholdSensitive(data: ResponseObject | null | undefined, plan: AccessPlan): GraphQLError[] {
  if (!data) return [];
  const errors: GraphQLError[] = [];
  for (const field of plan.sensitive) {
    eachHolder(data, field, (holder, path) => {
      if (holder[field.key] === null || holder[field.key] === undefined) return;
      holder[field.key] = null;
      if (errors.length < MAX_ERRORS) {
        errors.push(
          new GraphQLError(`${field.coordinate} withheld: the access log cannot be written`, {
            path: [...path, field.key],
            extensions: { code: ErrorCode.FORBIDDEN_FIELD, coordinate: field.coordinate },
          }),
        );
      }
    });
  }
  return errors;
}
