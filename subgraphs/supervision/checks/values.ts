/** Reading fact-table cells, which arrive as JSON values from systems on either database. */

export const text = (value: unknown): string => String(value);
export const textOrNull = (value: unknown): string | null =>
  value === null || value === undefined ? null : String(value);
export const dateOrNull = (value: unknown): string | null =>
  value === null || value === undefined ? null : String(value).slice(0, 10);
export const amount = (value: unknown): number => Number(value);

/** Sums money without float drift: in fen, back to yuan. */
export function sumYuan(values: Iterable<number>): number {
  let fen = 0;
  for (const v of values) fen += Math.round(v * 100);
  return fen / 100;
}

/** Appends to the list under a key, creating it. */
export function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Each person's registered death from death facts (personKey, diedOn); the earliest if there are several. */
export function earliestDeaths(rows: ReadonlyArray<Record<'personKey' | 'diedOn', unknown>>): Map<string, string> {
  const diedOn = new Map<string, string>();
  for (const row of rows) {
    const key = text(row.personKey);
    const date = dateOrNull(row.diedOn)!;
    const known = diedOn.get(key);
    if (known === undefined || date < known) diedOn.set(key, date);
  }
  return diedOn;
}
