import { earliestDeaths, push, text } from '../checks/values';
import type { Sources } from '../sources';
import { DEATHS, distinctLines, factArgs, PAY, PRESENCE, QUOTA, ROLL, toLine, toQuota, toRoll } from './facts';
import type { HeadcountTally } from './headcount-tally';
import type { HeadcountArgs, PayLine, RollFact } from './headcount-types';

const distinctSorted = (values: Iterable<string>) => [...new Set(values)].sort();

/**
 * Reads what the reconciliation needs in bulk, a handful of calls whatever the number of people (at
 * every node of the scope, rows put together), and hands the tally each person in key order. Used for
 * a body or a region, and for a whole scope read at systems' own endpoints.
 */
export async function tallyInBulk(sources: Sources, args: HeadcountArgs, tally: HeadcountTally): Promise<void> {
  const { filter, months, presence: presenceArgs } = factArgs(args);
  const filtered = args.orgUscc !== null || args.regionCode !== null;

  // The whole scope needs nothing by key: all five reads go out at once.
  const wholeScope = filtered
    ? null
    : Promise.all([
        sources.facts('activity', 'workPresenceFacts', presenceArgs, PRESENCE),
        sources.facts('civil-affairs', 'deathFacts', {}, DEATHS),
      ]);
  wholeScope?.catch(() => undefined); // awaited below; marked handled in case the reads next to it fail first
  const [rollRows, quotaRows, payRows] = await Promise.all([
    sources.facts('staffing', 'rollFacts', filter, ROLL),
    sources.facts('staffing', 'establishmentFacts', filter, QUOTA),
    sources.facts('finance', 'payrollFacts', { ...months, ...filter }, PAY),
  ]);
  for (const q of quotaRows) tally.quota(toQuota(q));
  const roll = rollRows.map(toRoll);
  const lines = payRows.map(toLine);
  const ownRoll = new Map<string, RollFact[]>();
  for (const p of roll) push(ownRoll, p.personKey, p);
  const paidHere = new Set(lines.map((l) => l.personKey));

  let otherRoll: RollFact[] = [];
  let extraLines: PayLine[] = [];
  let supporting: Awaited<NonNullable<typeof wholeScope>>;
  if (wholeScope) supporting = await wholeScope;
  else {
    // A body or region: also the roll entries of people it paid who are on other rolls, and every body's
    // pay, the work records and the deaths of all of these people, asked for by key.
    const paidElsewhereOnRoll = distinctSorted([...paidHere].filter((k) => !ownRoll.has(k)));
    const subjects = distinctSorted([...ownRoll.keys(), ...paidElsewhereOnRoll]);
    const [extraRoll, extra, presence, deaths] = await Promise.all([
      sources.factsForKeys('staffing', 'rollFacts', 'personKeys', paidElsewhereOnRoll, {}, ROLL),
      sources.factsForKeys('finance', 'payrollFacts', 'personKeys', subjects, months, PAY),
      sources.factsForKeys('activity', 'workPresenceFacts', 'personKeys', subjects, presenceArgs, PRESENCE),
      sources.factsForKeys('civil-affairs', 'deathFacts', 'personKeys', subjects, {}, DEATHS),
    ]);
    otherRoll = extraRoll.map(toRoll);
    extraLines = extra.map(toLine);
    supporting = [presence, deaths];
  }
  const [presence, deaths] = supporting;
  const otherRollByKey = new Map(otherRoll.map((p) => [p.personKey, p]));
  const linesByKey = new Map<string, PayLine[]>();
  for (const line of [...lines, ...extraLines]) push(linesByKey, line.personKey, line);
  const present = new Set(presence.map((r) => text(r.personKey)));
  const diedOn = earliestDeaths(deaths);

  for (const key of distinctSorted([...ownRoll.keys(), ...paidHere]))
    tally.person({
      personKey: key,
      ownRoll: ownRoll.get(key) ?? [],
      otherRoll: otherRollByKey.get(key) ?? null,
      lines: distinctLines(linesByKey.get(key) ?? []),
      paidHere: paidHere.has(key),
      present: present.has(key),
      diedOn: diedOn.get(key) ?? null,
    });
}
