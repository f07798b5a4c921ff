import { badUserInput } from '../../common/errors';
import { MAX_KEYS_PER_FACTS_CALL } from '../../common/fact-limits';

/** A list argument of keys for a bulk-facts call: bounded in length, each key checked, duplicates dropped. */
export function checkKeyList<T>(
  values: readonly string[],
  argument: string,
  check: (value: string, argument: string) => T,
): T[] {
  if (values.length > MAX_KEYS_PER_FACTS_CALL)
    throw badUserInput(
      `${argument} takes at most ${MAX_KEYS_PER_FACTS_CALL} keys per call, got ${values.length}`,
      argument,
    );
  return [...new Set(values.map((v) => check(v, argument)))];
}
