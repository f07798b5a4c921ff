import type { ResidentIdAllocator } from '../id-allocator';
import type { Manifest } from '../manifest';
import type { Random } from '../random';
import { GIVEN_FEMALE, GIVEN_MALE, SURNAMES } from '../reference/names';
import type { Scale } from '../scales';
import type { RowSink } from '../sink';

/** What every generation step shares. */
export interface GenerationContext {
  rnd: Random;
  scale: Scale;
  out: RowSink;
  manifest: Manifest;
  ids: ResidentIdAllocator;
  /** Person key (keyed pseudonym) of an ID number. */
  keyOf(idNumber: string): string;
  /** County codes in the dataset, for people and households outside any body. */
  counties: ReadonlyArray<{ code: string; name: string; cityCode: string }>;
}

/** A plausible Chinese name: surname and one or two given characters. */
export function makeName(rnd: Random, male: boolean): string {
  const given = male ? GIVEN_MALE : GIVEN_FEMALE;
  const surname = rnd.weighted(
    SURNAMES,
    SURNAMES.map((_, i) => 1 / (i + 4)),
  );
  return surname + rnd.pick(given) + (rnd.chance(0.6) ? rnd.pick(given) : '');
}

/** Yuan rounded to the fen. */
export function roundYuan(n: number): number {
  return Math.round(n * 100) / 100;
}

/** Replaces the check character with a wrong one: how real-world typos look. */
export function corruptCheckChar(value: string, alphabet: string): string {
  const last = value[value.length - 1]!;
  const i = alphabet.indexOf(last);
  return value.slice(0, -1) + alphabet[(i + 1) % alphabet.length];
}
