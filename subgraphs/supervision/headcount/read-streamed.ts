import { earliestDeaths } from '../checks/values';
import type { Sources } from '../sources';
import { rowsOf, streamFacts } from '../streams/stream-facts';
import { DEATHS, distinctLines, factArgs, PAY, PRESENCE, QUOTA, ROLL, toLine, toQuota, toRoll } from './facts';
import type { HeadcountTally } from './headcount-tally';
import type { HeadcountArgs } from './headcount-types';

/**
 * The whole scope over regional nodes: each node's roll, pay, work presence and deaths streamed in
 * person-key order and merged k-way, so a person on the roll in one county and paid in another meets
 * their own facts, and the tally holds one person at a time whatever the population; nothing is copied
 * anywhere. The quotas (a few rows per body) are read in bulk.
 */
export async function tallyStreamed(sources: Sources, args: HeadcountArgs, tally: HeadcountTally): Promise<void> {
  const { months, presence } = factArgs(args);
  const quotas = sources.facts('staffing', 'establishmentFacts', {}, QUOTA);
  quotas.catch(() => undefined); // awaited below
  const { merged, complete } = streamFacts(sources, [
    { kind: 'roll', system: 'staffing', field: 'rollFacts', args: {}, columns: ROLL },
    { kind: 'pay', system: 'finance', field: 'payrollFacts', args: months, columns: PAY },
    { kind: 'presence', system: 'activity', field: 'workPresenceFacts', args: presence, columns: PRESENCE },
    { kind: 'death', system: 'civil-affairs', field: 'deathFacts', args: {}, columns: DEATHS },
  ]);
  for (const q of await quotas) tally.quota(toQuota(q));
  for await (const batch of merged)
    for (const { key, parts } of batch) {
      const pay = rowsOf(parts, 'pay');
      tally.person({
        personKey: key,
        ownRoll: rowsOf(parts, 'roll').map((r) => toRoll(r as Parameters<typeof toRoll>[0])),
        otherRoll: null,
        lines: distinctLines(pay.map((r) => toLine(r as Parameters<typeof toLine>[0]))),
        paidHere: pay.length > 0,
        present: rowsOf(parts, 'presence').length > 0,
        diedOn:
          earliestDeaths(rowsOf(parts, 'death') as Array<Record<'personKey' | 'diedOn', unknown>>).get(key) ?? null,
      });
    }
  complete();
}
