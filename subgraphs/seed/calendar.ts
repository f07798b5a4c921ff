import type { Random } from './random';

/** Date arithmetic on ISO strings (UTC), so generated data never depends on the machine's time zone. */
const DAY = 86_400_000;

export function toDays(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / DAY;
}

export function fromDays(days: number): string {
  return new Date(days * DAY).toISOString().slice(0, 10);
}

export function addDays(date: string, n: number): string {
  return fromDays(toDays(date) + n);
}

export function isWeekday(date: string): boolean {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d !== 0 && d !== 6;
}

export function monthOf(date: string): string {
  return date.slice(0, 7);
}

/** A random date in [from, to], both included. */
export function dateBetween(rnd: Random, from: string, to: string): string {
  return fromDays(rnd.int(toDays(from), toDays(to)));
}

export function minDate(a: string, b: string): string {
  return a < b ? a : b;
}
