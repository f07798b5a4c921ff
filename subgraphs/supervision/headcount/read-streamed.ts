import type { SubgraphName } from '../../../common/subgraph-catalog';
import { earliestDeaths, text } from '../checks/values';
import type { SourceTarget } from '../source-coverage';
import type { FactArgs, Sources } from '../sources';
import { keyOrderedPages } from '../streams/key-ordered-pages';
import { mergeByKey, type TaggedStream } from '../streams/merge-by-key';
import { DEATHS, distinctLines, factArgs, PAY, PRESENCE, QUOTA, ROLL, toLine, toQuota, toRoll } from './facts';
import type { HeadcountTally } from './headcount-tally';
import type { HeadcountArgs } from './headcount-types';

type Kind = 'roll' | 'pay' | 'presence' | 'death';
type Row = Record<string, unknown>;
interface Tag {
  kind: Kind;
  target: SourceTarget;
}

/** Rows held in pages across all streams at once, at most (twice, with the page asked for ahead). */
const ROWS_IN_FLIGHT = 400_000;

/**
 * The whole scope over regional nodes: each node's roll, pay, work presence and deaths streamed in
 * person-key order and merged k-way, so a person on the roll in one county and paid in another meets
 * their own facts, and the tally holds one person at a time whatever the population; nothing is copied
 * anywhere. A node that fails is left out and named in the coverage; a system none of whose nodes
 * answered fails the check.
 */
export async function tallyStreamed(sources: Sources, args: HeadcountArgs, tally: HeadcountTally): Promise<void> {
  const { months, presence } = factArgs(args);
  const quotas = sources.facts('staffing', 'establishmentFacts', {}, QUOTA);
  quotas.catch(() => undefined); // awaited below
  const reads: Array<[Kind, SubgraphName, string, FactArgs, readonly string[]]> = [
    ['roll', 'staffing', 'rollFacts', {}, ROLL],
    ['pay', 'finance', 'payrollFacts', months, PAY],
    ['presence', 'activity', 'workPresenceFacts', presence, PRESENCE],
    ['death', 'civil-affairs', 'deathFacts', {}, DEATHS],
  ];
  const targets = reads.map(([kind, system]) => ({ kind, system, targets: sources.targetsOf(system) }));
  const count = targets.reduce((n, t) => n + t.targets.length, 0);
  const pageRows = Math.max(500, Math.min(10_000, Math.floor(ROWS_IN_FLIGHT / count)));
  const streams: Array<TaggedStream<Tag, Row>> = reads.flatMap(([kind, , field, fixed, columns], i) =>
    targets[i]!.targets.map((target) => ({
      tag: { kind, target },
      groups: keyOrderedPages<Row>(
        (afterKey, first) =>
          sources.coverage.track(
            target,
            sources.factsAt(
              target,
              field,
              { ...fixed, afterKey: { type: 'ID', value: afterKey }, first: { type: 'Int', value: first } },
              columns,
            ),
          ),
        (row) => text(row.personKey),
        pageRows,
      ),
    })),
  );
  const failures = new Map<string, unknown[]>();
  const failed = (tag: Tag, error: unknown) => {
    sources.coverage.fail(tag.target);
    failures.set(tag.target.system, [...(failures.get(tag.target.system) ?? []), error]);
  };

  for (const q of await quotas) tally.quota(toQuota(q));
  for await (const { key, parts } of mergeByKey(streams, failed)) {
    const of = (kind: Kind) => parts.filter((p) => p.tag.kind === kind).flatMap((p) => p.rows);
    tally.person({
      personKey: key,
      ownRoll: of('roll').map((r) => toRoll(r as Parameters<typeof toRoll>[0])),
      otherRoll: null,
      lines: distinctLines(of('pay').map((r) => toLine(r as Parameters<typeof toLine>[0]))),
      paidHere: of('pay').length > 0,
      present: of('presence').length > 0,
      diedOn: earliestDeaths(of('death') as Array<Record<'personKey' | 'diedOn', unknown>>).get(key) ?? null,
    });
  }
  // Without any node of a system the answer would be wrong, not partial.
  for (const { system, targets: all } of targets) {
    const errors = failures.get(system) ?? [];
    if (errors.length && errors.length >= all.length) throw errors[0];
  }
}
