import { makeResidentId } from '../../common/identifiers/resident-id';
import { toDays } from './calendar';

const FIRST_BIRTH = '1920-01-01';
const LAST_BIRTH = '2026-12-31';

/**
 * Hands out resident ID numbers that are unique across every system of one dataset: a counter per
 * (region, birth date, gender) gives the sequence, so no set of issued numbers has to be kept.
 */
export class ResidentIdAllocator {
  private readonly regionIndex = new Map<string, number>();
  private readonly days = toDays(LAST_BIRTH) - toDays(FIRST_BIRTH) + 1;
  private readonly counters: Uint16Array;

  constructor(regionCodes: readonly string[]) {
    regionCodes.forEach((code, i) => this.regionIndex.set(code, i));
    this.counters = new Uint16Array(regionCodes.length * this.days * 2);
  }

  next(regionCode: string, birthDate: string, male: boolean): string {
    const r = this.regionIndex.get(regionCode);
    if (r === undefined) throw new RangeError(`region ${regionCode} not known to the allocator`);
    const day = toDays(birthDate) - toDays(FIRST_BIRTH);
    if (day < 0 || day >= this.days) throw new RangeError(`birth date ${birthDate} out of range`);
    const slot = (r * this.days + day) * 2 + (male ? 1 : 0);
    const n = this.counters[slot]!;
    if (n >= 499) throw new RangeError(`sequence space exhausted for ${regionCode} ${birthDate}`);
    this.counters[slot] = n + 1;
    return makeResidentId(regionCode, birthDate, n * 2 + (male ? 1 : 0) + 2);
  }
}
