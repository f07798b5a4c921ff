import type { KeyGroup } from './key-ordered-pages';

/** A stream of pages of key groups from one source, tagged with what it holds (say, a system's pay at one node). */
export interface TaggedStream<T, R> {
  tag: T;
  pages: AsyncIterator<Array<KeyGroup<R>>>;
}

/** Everything the merged streams hold of one key: the rows by tag, in the order the streams were given. */
export interface MergedKey<T, R> {
  key: string;
  parts: Array<{ tag: T; rows: R[] }>;
}

/** Where one stream stands: its current page and the group it is at. */
interface Cursor<T, R> {
  stream: number;
  tag: T;
  page: Array<KeyGroup<R>>;
  at: number;
}

const keyAt = <T, R>(c: Cursor<T, R>) => c.page[c.at]!.key;

/** A binary min-heap of stream cursors by their current key (then by stream, so parts keep the streams' order). */
class CursorHeap<T, R> {
  readonly items: Array<Cursor<T, R>> = [];

  private less(a: Cursor<T, R>, b: Cursor<T, R>): boolean {
    const ka = keyAt(a);
    const kb = keyAt(b);
    return ka < kb || (ka === kb && a.stream < b.stream);
  }

  push(item: Cursor<T, R>): void {
    const items = this.items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(items[i]!, items[parent]!)) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  pop(): Cursor<T, R> | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length && last) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let least = i;
        if (l < items.length && this.less(items[l]!, items[least]!)) least = l;
        if (r < items.length && this.less(items[r]!, items[least]!)) least = r;
        if (least === i) break;
        [items[i], items[least]] = [items[least]!, items[i]!];
        i = least;
      }
    }
    return top;
  }
}

/**
 * k-way merge of key-ordered streams: each key once, in key order, with what every stream holds of it,
 * handed over in batches (everything that can be merged before some stream needs its next page). Only
 * a page per stream is held, so memory is bounded by the number of streams and their page size, whatever
 * the population. A stream that fails is ended through `onFailure` (its source named as missing), and
 * the merge goes on with the others.
 */
export async function* mergeByKey<T, R>(
  streams: ReadonlyArray<TaggedStream<T, R>>,
  onFailure: (tag: T, error: unknown) => void,
): AsyncGenerator<Array<MergedKey<T, R>>> {
  const heap = new CursorHeap<T, R>();
  /** Reads a stream's next page and puts its cursor back in the heap, unless it has ended. */
  const refill = async (stream: number): Promise<void> => {
    const { tag, pages } = streams[stream]!;
    try {
      for (;;) {
        const next = await pages.next();
        if (next.done) return;
        if (next.value.length) return heap.push({ stream, tag, page: next.value, at: 0 });
      }
    } catch (error) {
      onFailure(tag, error);
    }
  };
  await Promise.all(streams.map((_, i) => refill(i)));
  while (heap.items.length) {
    const batch: Array<MergedKey<T, R>> = [];
    const exhausted: number[] = [];
    // Merge until a stream runs out of its page: its next page may hold the keys that come next.
    while (heap.items.length && !exhausted.length) {
      const key = keyAt(heap.items[0]!);
      const parts: MergedKey<T, R>['parts'] = [];
      while (heap.items.length && keyAt(heap.items[0]!) === key) {
        const cursor = heap.pop()!;
        parts.push({ tag: cursor.tag, rows: cursor.page[cursor.at]!.rows });
        cursor.at++;
        if (cursor.at < cursor.page.length) heap.push(cursor);
        else exhausted.push(cursor.stream);
      }
      batch.push({ key, parts });
    }
    yield batch;
    await Promise.all(exhausted.map(refill));
  }
}
