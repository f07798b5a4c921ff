import { badUserInput } from './errors';
import { isRegionCode, regionPrefix } from './identifiers/region-code';
import { residentIdProblem } from './identifiers/resident-id';
import { usccProblem } from './identifiers/uscc';
import { PERSON_KEY_SHAPE } from './person-key';

/** Argument checks shared by every subgraph: each failure is BAD_USER_INPUT naming the argument. */

export function checkIdNumber(value: string, argument = 'idNumber'): string {
  const problem = residentIdProblem(value);
  if (problem === 'FORMAT')
    throw badUserInput(`${argument} must be 17 digits followed by a digit or X (18 characters)`, argument);
  if (problem === 'BIRTH_DATE')
    throw badUserInput(`${argument} has an impossible birth date in characters 7-14`, argument);
  if (problem === 'CHECK_DIGIT') throw badUserInput(`${argument} fails the GB 11643 check digit`, argument);
  return value;
}

export function checkUscc(value: string, argument = 'uscc'): string {
  const problem = usccProblem(value);
  if (problem === 'FORMAT')
    throw badUserInput(`${argument} must be 18 characters of 0-9 and A-Y without I, O, S, V, Z`, argument);
  if (problem === 'CHECK_DIGIT') throw badUserInput(`${argument} fails the GB 32100 check character`, argument);
  return value;
}

/** Format only, for keys that arrive from other systems' records (which may fail the check digit). */
export function checkUsccShape(value: string, argument = 'uscc'): string {
  if (usccProblem(value) === 'FORMAT')
    throw badUserInput(`${argument} must be 18 characters of 0-9 and A-Y without I, O, S, V, Z`, argument);
  return value;
}

export function checkPersonKey(value: string, argument = 'personKey'): string {
  if (!PERSON_KEY_SHAPE.test(value)) throw badUserInput(`${argument} must be 32 lower-case hex characters`, argument);
  return value;
}

export function checkRegionCode(value: string, argument = 'regionCode'): string {
  if (!isRegionCode(value)) throw badUserInput(`${argument} must be a 6-digit GB/T 2260 code`, argument);
  return value;
}

/** The LIKE prefix of a region code filter (320500 → "3205%"). */
export function regionLike(value: string, argument = 'regionCode'): string {
  return `${regionPrefix(checkRegionCode(value, argument))}%`;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
export function checkMonth(value: string, argument = 'month'): string {
  if (!MONTH.test(value)) throw badUserInput(`${argument} must be YYYY-MM`, argument);
  return value;
}

/** Escapes LIKE wildcards so that a search string matches literally. */
export function containsLike(value: string, argument = 'nameContains'): string {
  if (value.length === 0 || value.length > 64) throw badUserInput(`${argument} must be 1 to 64 characters`, argument);
  return `%${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function checkNumericId(id: string, argument = 'id'): number {
  const n = Number(id);
  if (!/^\d{1,10}$/.test(id) || !Number.isSafeInteger(n))
    throw badUserInput(`${argument} must be a positive integer`, argument);
  return n;
}
