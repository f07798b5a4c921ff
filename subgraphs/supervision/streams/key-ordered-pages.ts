/** The rows of one person key, as a stream hands them over. */
export interface KeyGroup<R> {
  key: string;
  rows: R[];
}

/** Reads one page: rows of keys after `afterKey` (null: from the start), in key order, at most `first`. */
export type PageReader<R> = (afterKey: string | null, first: number) => Promise<R[]>;

/** Rows in key order as groups of one key each. */
function groupsOf<R>(rows: R[], end: number, keyOf: (row: R) => string): Array<KeyGroup<R>> {
  const groups: Array<KeyGroup<R>> = [];
  let start = 0;
  while (start < end) {
    const key = keyOf(rows[start]!);
    let stop = start + 1;
    while (stop < end && keyOf(rows[stop]!) === key) stop++;
    groups.push({ key, rows: rows.slice(start, stop) });
    start = stop;
  }
  return groups;
}

/**
 * One source's facts in key order, a page at a time, each page handed over as its keys' groups (every
 * key whole). A full page may end inside a key, so its last key is read again with the next page (which
 * starts after the key before it); a page holding one key only is read again twice as large. The next
 * page is asked for while this one is handed over, so the reader waits on the network once per page.
 */
export async function* keyOrderedPages<R>(
  read: PageReader<R>,
  keyOf: (row: R) => string,
  pageRows: number,
): AsyncGenerator<Array<KeyGroup<R>>> {
  let first = pageRows;
  let after: string | null = null;
  let page = read(after, first);
  for (;;) {
    const rows = await page;
    const full = rows.length >= first;
    let end = rows.length;
    if (full) {
      const lastKey = keyOf(rows[rows.length - 1]!);
      while (end > 0 && keyOf(rows[end - 1]!) === lastKey) end--;
      if (end === 0) {
        first *= 2; // one key fills the page: read it again, larger
        page = read(after, first);
        continue;
      }
      after = keyOf(rows[end - 1]!);
      first = pageRows;
      page = read(after, first);
      page.catch(() => undefined); // awaited on the next turn; handled there
    }
    if (end > 0) yield groupsOf(rows, end, keyOf);
    if (!full) return;
  }
}
