import type { SubgraphName } from '../../../common/subgraph-catalog';
import { text } from '../checks/values';
import type { SourceTarget } from '../source-coverage';
import type { FactArgs, Sources } from '../sources';
import { keyOrderedPages } from './key-ordered-pages';
import { mergeByKey, type MergedKey, type TaggedStream } from './merge-by-key';

/** One person-keyed facts field a check streams, at every target of its system. */
export interface StreamedRead<K extends string> {
  kind: K;
  system: SubgraphName;
  field: string;
  args: FactArgs;
  columns: readonly string[];
}

export type FactRow = Record<string, unknown>;
export interface StreamTag<K extends string> {
  kind: K;
  target: SourceTarget;
}

/** Rows held in pages across all streams at once, at most (twice, with the page asked for ahead). */
const ROWS_IN_FLIGHT = 1_000_000;

/**
 * Facts of many nodes streamed in person-key order and merged k-way: each person once, with what every
 * node of every system read holds of them, so people whose facts sit in different regions meet, and
 * memory holds a page per stream whatever the population. A node that fails is left out and named in
 * the coverage; `complete()` then fails the check if some system had no node answer at all (the answer
 * would be wrong, not partial).
 */
export function streamFacts<K extends string>(sources: Sources, reads: ReadonlyArray<StreamedRead<K>>) {
  const targets = reads.map((read) => sources.targetsOf(read.system));
  const count = targets.reduce((n, t) => n + t.length, 0);
  const pageRows = Math.max(50, Math.min(20_000, Math.floor(ROWS_IN_FLIGHT / Math.max(1, count))));
  const streams: Array<TaggedStream<StreamTag<K>, FactRow>> = reads.flatMap((read, i) =>
    targets[i]!.map((target) => ({
      tag: { kind: read.kind, target },
      pages: keyOrderedPages<FactRow>(
        (afterKey, first) =>
          sources.coverage.track(
            target,
            sources.factsAt(
              target,
              read.field,
              { ...read.args, afterKey: { type: 'ID', value: afterKey }, first: { type: 'Int', value: first } },
              read.columns,
            ),
          ),
        (row) => text(row.personKey),
        pageRows,
      ),
    })),
  );
  const failures = new Map<string, unknown[]>();
  const merged: AsyncGenerator<Array<MergedKey<StreamTag<K>, FactRow>>> = mergeByKey(streams, (tag, error) => {
    sources.coverage.fail(tag.target);
    failures.set(tag.target.system, [...(failures.get(tag.target.system) ?? []), error]);
  });
  return {
    merged,
    complete(): void {
      reads.forEach((read, i) => {
        const errors = failures.get(read.system) ?? [];
        if (errors.length && errors.length >= targets[i]!.length) throw errors[0];
      });
    },
  };
}

/** The rows of one kind in a merged key, from every node. */
export const rowsOf = <K extends string>(parts: MergedKey<StreamTag<K>, FactRow>['parts'], kind: K): FactRow[] =>
  parts.filter((p) => p.tag.kind === kind).flatMap((p) => p.rows);
