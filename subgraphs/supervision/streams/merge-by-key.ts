import type { KeyGroup } from './key-ordered-pages';

/** A stream of key groups from one source, tagged with what it holds (say, a system's pay at one node). */
export interface TaggedStream<T, R> {
  tag: T;
  groups: AsyncIterator<KeyGroup<R>>;
}

/** Everything the merged streams hold of one key: the rows by tag, in the order the streams were given. */
export interface MergedKey<T, R> {
  key: string;
  parts: Array<{ tag: T; rows: R[] }>;
}

interface Head<T, R> {
  stream: number;
  tag: T;
  group: KeyGroup<R>;
}

/** A binary min-heap of stream heads by key (then by stream, so parts keep the streams' order). */
class HeadHeap<T, R> {
  private readonly items: Array<Head<T, R>> = [];

  get size(): number {
    return this.items.length;
  }

  peek(): Head<T, R> | undefined {
    return this.items[0];
  }

  private less(a: Head<T, R>, b: Head<T, R>): boolean {
    return a.group.key < b.group.key || (a.group.key === b.group.key && a.stream < b.stream);
  }

  push(item: Head<T, R>): void {
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

  pop(): Head<T, R> | undefined {
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
 * k-way merge of key-ordered streams: each key once, in key order, with what every stream holds of it.
 * Only one group per stream is held at a time, so memory is bounded by the number of streams and their
 * page size, whatever the population. A stream that fails is ended through `onFailure` (its source
 * named as missing), and the merge goes on with the others.
 */
export async function* mergeByKey<T, R>(
  streams: ReadonlyArray<TaggedStream<T, R>>,
  onFailure: (tag: T, error: unknown) => void,
): AsyncGenerator<MergedKey<T, R>> {
  const heap = new HeadHeap<T, R>();
  const advance = async (stream: number): Promise<void> => {
    const { tag, groups } = streams[stream]!;
    try {
      const next = await groups.next();
      if (!next.done) heap.push({ stream, tag, group: next.value });
    } catch (error) {
      onFailure(tag, error);
    }
  };
  await Promise.all(streams.map((_, i) => advance(i)));
  while (heap.size) {
    const key = heap.peek()!.group.key;
    const taken: Array<Head<T, R>> = [];
    while (heap.size && heap.peek()!.group.key === key) taken.push(heap.pop()!);
    yield { key, parts: taken.map((h) => ({ tag: h.tag, rows: h.group.rows })) };
    await Promise.all(taken.map((h) => advance(h.stream)));
  }
}
