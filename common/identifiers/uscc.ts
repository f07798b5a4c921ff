/**
 * Unified social credit codes (统一社会信用代码, GB 32100-2015): 18 characters over a 31-character
 * alphabet without I, O, S, V, Z; the last one is a check character.
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const SHAPE = /^[0-9ABCDEFGHJKLMNPQRTUWXY]{18}$/;

export function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = ALPHABET.indexOf(first17[i] ?? '');
    if (v < 0) throw new RangeError(`character ${i + 1} is not in the USCC alphabet`);
    sum += v * WEIGHTS[i]!;
  }
  const check = 31 - (sum % 31);
  return ALPHABET[check === 31 ? 0 : check]!;
}

export type UsccProblem = 'FORMAT' | 'CHECK_DIGIT';

export function usccProblem(value: string): UsccProblem | null {
  if (!SHAPE.test(value)) return 'FORMAT';
  return usccCheckChar(value.slice(0, 17)) === value[17] ? null : 'CHECK_DIGIT';
}

export function isValidUscc(value: string): boolean {
  return usccProblem(value) === null;
}

/** Category digit under registration authority 1 (机构编制): 1 机关, 2 事业单位. */
export type OrgUsccCategory = 'ORGAN' | 'INSTITUTION';

/**
 * Builds a valid USCC for a body registered by the staffing office: authority 1 (机构编制), category
 * 1 (机关) or 2 (事业单位), the 6-digit region code, a 9-character organisation code, the check character.
 */
export function makeGovernmentUscc(regionCode: string, serial: number, category: OrgUsccCategory = 'ORGAN'): string {
  let body = '';
  for (let n = serial, i = 0; i < 8; i++, n = Math.floor(n / 31)) body = ALPHABET[n % 31] + body;
  const first17 = `1${category === 'ORGAN' ? 1 : 2}${regionCode}${body}0`;
  return first17 + usccCheckChar(first17);
}
