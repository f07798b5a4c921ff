import { createHmac } from 'node:crypto';

import type { MaskKind } from '../../policy/mask-kinds';

export interface PseudonymSettings {
  /** Secret the per-epoch keys derive from (PSEUDONYM_SECRET). */
  secret: string;
  /** Length of a key epoch in days: pseudonyms are stable within one, unlinkable across them. */
  epochDays: number;
}

const DAY_MS = 86_400_000;

const stars = (n: number) => '*'.repeat(Math.max(0, n));

/** 110105********002X: region and the check part stay, the birth date and sequence go. */
function maskIdNumber(value: string): string {
  return value.length > 10 ? value.slice(0, 6) + stars(value.length - 10) + value.slice(-4) : stars(value.length);
}

/** 138****1234 */
function maskPhone(value: string): string {
  const digits = value.replace(/\s+/g, '');
  return digits.length > 7 ? digits.slice(0, 3) + stars(digits.length - 7) + digits.slice(-4) : stars(digits.length);
}

/** 张三 → 张*: the first character stays (of a compound family name such as 欧阳, only 欧: less is shown, never more). */
function maskName(value: string): string {
  const chars = [...value];
  return chars.length <= 1 ? '*' : chars[0] + stars(chars.length - 1);
}

/**
 * Applies a field's mask to a value. Every mask returns a string, so a masked field keeps its GraphQL
 * type (String or ID; policy loading refuses masks elsewhere). Lists are masked element by element.
 */
export class Masker {
  constructor(
    private readonly pseudonyms: PseudonymSettings,
    private readonly now: () => number = Date.now,
  ) {}

  /** The current key epoch (a number that changes every epochDays). */
  epoch(): number {
    return Math.floor(this.now() / (this.pseudonyms.epochDays * DAY_MS));
  }

  apply(kind: MaskKind, value: unknown): unknown {
    if (value === null || value === undefined) return value;
    if (Array.isArray(value)) return value.map((item) => this.apply(kind, item));
    const text = String(value);
    switch (kind) {
      case 'id-number':
        return maskIdNumber(text);
      case 'phone':
        return maskPhone(text);
      case 'name':
        return maskName(text);
      case 'redact':
        return '[已脱敏]';
      case 'pseudonym':
        return this.pseudonym(text);
    }
  }

  /** A keyed pseudonym, the same for the same value within a key epoch, so records still join. */
  private pseudonym(value: string): string {
    const epoch = this.epoch();
    const key = createHmac('sha256', this.pseudonyms.secret).update(`epoch:${epoch}`).digest();
    return `ps${epoch}-${createHmac('sha256', key).update(value.toUpperCase()).digest('hex').slice(0, 24)}`;
  }
}
