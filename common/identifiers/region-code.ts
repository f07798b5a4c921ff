/** GB/T 2260 region codes: 6 digits PPCCDD. A scope covers every code that shares its non-zero prefix. */
const SHAPE = /^\d{6}$/;

export function isRegionCode(value: string): boolean {
  return SHAPE.test(value);
}

/** The prefix a region scope covers: 320000 → "32", 320500 → "3205", 320506 → "320506". */
export function regionPrefix(code: string): string {
  if (!SHAPE.test(code)) throw new RangeError(`region code must be 6 digits, got "${code}"`);
  if (code.endsWith('0000')) return code.slice(0, 2);
  if (code.endsWith('00')) return code.slice(0, 4);
  return code;
}

export function regionCovers(scope: string, code: string): boolean {
  return code.startsWith(regionPrefix(scope));
}

/** The level above: a county's city, a city's province; a province has none (null). */
export function parentRegion(code: string): string | null {
  const prefix = regionPrefix(code);
  if (prefix.length === 2) return null;
  return prefix.length === 4 ? `${code.slice(0, 2)}0000` : `${code.slice(0, 4)}00`;
}
