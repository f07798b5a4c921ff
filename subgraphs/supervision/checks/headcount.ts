import type { Sources } from '../sources';
import { daysOfMonthsEndingWith, monthOf, type MonthRange } from './months';
import { amount, dateOrNull, earliestDeaths, push, sumYuan, text, textOrNull } from './values';

/** 编制核查: 三定 quotas against the real-name roll and the payroll, computed from live facts. */

export const MISMATCH_KINDS = [
  'PAID_NOT_ON_ROLL',
  'ON_ROLL_NOT_PAID',
  'PAID_AFTER_SEPARATION',
  'DEAD_BUT_PAID',
  'SECONDED_PAID_TWICE',
  'PAID_BY_TWO_BODIES',
  'NEVER_AT_POST',
] as const;
export type MismatchKind = (typeof MISMATCH_KINDS)[number];

/** Roll statuses that occupy an establishment post. */
const COUNTED = new Set(['ON_ROLL', 'SECONDED']);
/** Statuses after which a body must stop paying. */
const SEPARATED = new Set(['RETIRED', 'TRANSFERRED_OUT', 'DECEASED']);
/** "Never at post": no work record in this many months up to the end of the range. */
export const AT_POST_WINDOW_MONTHS = 6;

export interface HeadcountMismatch {
  kind: MismatchKind;
  personKey: string;
  orgUscc: string | null;
  payingOrgs: string[];
  months: string[];
  amount: number;
  status: string | null;
  statusDate: string | null;
  diedOn: string | null;
}

export interface EstablishmentHeadcount {
  type: string;
  quota: number;
  onRoll: number;
  paid: number;
  over: number;
}

export interface BodyHeadcount {
  orgUscc: string;
  byType: EstablishmentHeadcount[];
  leaders: { chiefPosts: number; chiefs: number; deputyPosts: number; deputies: number; exceeded: boolean };
  paid: number;
  mismatches: number;
  overEstablished: boolean;
}

export interface HeadcountReconciliation extends MonthRange {
  onRoll: number;
  paid: number;
  matched: number;
  matchRate: number;
  summary: Array<{ kind: MismatchKind; people: number; amount: number }>;
  bodies: BodyHeadcount[];
  mismatches: HeadcountMismatch[];
}

export interface HeadcountArgs {
  orgUscc: string | null;
  regionCode: string | null;
  range: MonthRange;
}

interface RollFact {
  personKey: string;
  orgUscc: string;
  establishmentType: string;
  status: string;
  statusDate: string | null;
  leaderRank: string | null;
}

interface PayLine {
  personKey: string;
  orgUscc: string;
  month: string;
  gross: number;
}

const ROLL = ['personKey', 'orgUscc', 'establishmentType', 'status', 'statusDate', 'leaderRank'] as const;
const PAY = ['personKey', 'orgUscc', 'month', 'gross'] as const;
const QUOTA = ['orgUscc', 'type', 'quota', 'leaderChief', 'leaderDeputy'] as const;

const toRoll = (r: Record<(typeof ROLL)[number], unknown>): RollFact => ({
  personKey: text(r.personKey),
  orgUscc: text(r.orgUscc),
  establishmentType: text(r.establishmentType),
  status: text(r.status),
  statusDate: dateOrNull(r.statusDate),
  leaderRank: textOrNull(r.leaderRank),
});
const toLine = (r: Record<(typeof PAY)[number], unknown>): PayLine => ({
  personKey: text(r.personKey),
  orgUscc: text(r.orgUscc),
  month: text(r.month),
  gross: amount(r.gross),
});

const distinctSorted = (values: Iterable<string>) => [...new Set(values)].sort();

/** Everything the reconciliation reads, fetched in bulk: a handful of calls whatever the number of people. */
async function readFacts(sources: Sources, args: HeadcountArgs) {
  const filter = {
    regionCode: { type: 'String', value: args.regionCode },
    orgUscc: { type: 'ID', value: args.orgUscc },
  };
  const months = {
    fromMonth: { type: 'String!', value: args.range.fromMonth },
    toMonth: { type: 'String!', value: args.range.toMonth },
  };
  const window = daysOfMonthsEndingWith(args.range.toMonth, AT_POST_WINDOW_MONTHS);
  const presenceArgs = { from: { type: 'Date!', value: window.from }, to: { type: 'Date!', value: window.to } };
  const filtered = args.orgUscc !== null || args.regionCode !== null;

  // The whole scope needs nothing by key: all five reads go out at once.
  const wholeScope = filtered
    ? null
    : Promise.all([
        sources.facts('activity', 'workPresenceFacts', presenceArgs, ['personKey']),
        sources.facts('civil-affairs', 'deathFacts', {}, ['personKey', 'diedOn']),
      ]);
  wholeScope?.catch(() => undefined); // awaited below; marked handled in case the reads next to it fail first
  const [rollRows, quotaRows, payRows] = await Promise.all([
    sources.facts('staffing', 'rollFacts', filter, ROLL),
    sources.facts('staffing', 'establishmentFacts', filter, QUOTA),
    sources.facts('finance', 'payrollFacts', { ...months, ...filter }, PAY),
  ]);
  const roll = rollRows.map(toRoll);
  const lines = payRows.map(toLine);
  if (wholeScope) {
    // These already hold every roll entry and pay line the caller may read.
    const [presence, deaths] = await wholeScope;
    return { roll, extraRoll: [] as RollFact[], quotaRows, lines, extraLines: [] as PayLine[], presence, deaths };
  }
  // A body or region: also the roll entries of people it paid who are on other rolls, and every body's
  // pay, the work records and the deaths of all of these people, asked for by key.
  const rollKeys = new Set(roll.map((p) => p.personKey));
  const paidElsewhereOnRoll = distinctSorted(lines.map((l) => l.personKey).filter((k) => !rollKeys.has(k)));
  const subjects = distinctSorted([...rollKeys, ...paidElsewhereOnRoll]);
  const [extraRoll, extraLines, presence, deaths] = await Promise.all([
    sources.factsForKeys('staffing', 'rollFacts', 'personKeys', paidElsewhereOnRoll, {}, ROLL),
    sources.factsForKeys('finance', 'payrollFacts', 'personKeys', subjects, months, PAY),
    sources.factsForKeys('activity', 'workPresenceFacts', 'personKeys', subjects, presenceArgs, ['personKey']),
    sources.factsForKeys('civil-affairs', 'deathFacts', 'personKeys', subjects, {}, ['personKey', 'diedOn']),
  ]);
  return {
    roll,
    extraRoll: extraRoll.map(toRoll),
    quotaRows,
    lines,
    extraLines: extraLines.map(toLine),
    presence,
    deaths,
  };
}

export async function reconcileHeadcount(sources: Sources, args: HeadcountArgs): Promise<HeadcountReconciliation> {
  const facts = await readFacts(sources, args);
  const rollByKey = new Map<string, RollFact>();
  for (const p of [...facts.extraRoll, ...facts.roll]) rollByKey.set(p.personKey, p);
  const ownRoll = new Set(facts.roll.map((p) => p.personKey));
  const paidHere = new Set(facts.lines.map((l) => l.personKey));

  const linesByKey = new Map<string, PayLine[]>();
  const seenLines = new Set<string>();
  for (const line of [...facts.lines, ...facts.extraLines]) {
    const id = `${line.personKey}|${line.orgUscc}|${line.month}`;
    if (seenLines.has(id)) continue;
    seenLines.add(id);
    push(linesByKey, line.personKey, line);
  }
  const present = new Set(facts.presence.map((r) => text(r.personKey)));
  const diedOn = earliestDeaths(facts.deaths);

  const mismatches: HeadcountMismatch[] = [];
  const mismatched = new Set<string>();
  /** `ls`: the pay in question; `paidIn`: every line of the months concerned (default the same). */
  const report = (kind: MismatchKind, key: string, person: RollFact | undefined, ls: PayLine[], paidIn = ls) => {
    mismatched.add(key);
    mismatches.push({
      kind,
      personKey: key,
      orgUscc: person?.orgUscc ?? null,
      payingOrgs: distinctSorted(paidIn.map((l) => l.orgUscc)),
      months: distinctSorted(ls.map((l) => l.month)),
      amount: sumYuan(ls.map((l) => l.gross)),
      status: person?.status ?? null,
      statusDate: person?.statusDate ?? null,
      diedOn: diedOn.get(key) ?? null,
    });
  };

  let matched = 0;
  const population = new Set<string>(paidHere);
  for (const key of distinctSorted([...ownRoll, ...paidHere])) {
    const person = rollByKey.get(key);
    const ls = linesByKey.get(key) ?? [];
    if (!person) {
      // Only the paid reach here: everyone on this roll has a roll entry.
      report('PAID_NOT_ON_ROLL', key, undefined, ls);
      continue;
    }
    const own = ls.filter((l) => l.orgUscc === person.orgUscc);
    if (SEPARATED.has(person.status) && person.statusDate) {
      const wrong = own.filter((l) => l.month > monthOf(person.statusDate!));
      if (wrong.length) report('PAID_AFTER_SEPARATION', key, person, wrong);
    }
    const died = diedOn.get(key);
    if (person.status === 'ON_ROLL' && died) {
      const wrong = ls.filter((l) => l.month > monthOf(died));
      if (wrong.length) report('DEAD_BUT_PAID', key, person, wrong);
    }
    const orgsByMonth = new Map<string, Set<string>>();
    for (const l of ls) orgsByMonth.set(l.month, (orgsByMonth.get(l.month) ?? new Set()).add(l.orgUscc));
    // Paid twice: the months concerned are those two bodies paid; the pay in question is what bodies
    // other than the person's own paid; every body that paid in those months is named.
    const paidTwice = ls.filter((l) => orgsByMonth.get(l.month)!.size > 1);
    const twice = paidTwice.filter((l) => l.orgUscc !== person.orgUscc);
    if (twice.length)
      report(
        person.status === 'SECONDED' ? 'SECONDED_PAID_TWICE' : 'PAID_BY_TWO_BODIES',
        key,
        person,
        twice,
        paidTwice,
      );
    if (COUNTED.has(person.status) && ls.length && !present.has(key)) report('NEVER_AT_POST', key, person, ls);
    if (ownRoll.has(key) && COUNTED.has(person.status)) {
      population.add(key);
      if (own.length === 0) report('ON_ROLL_NOT_PAID', key, person, []);
      else if (!mismatched.has(key)) matched++;
    }
  }
  mismatches.sort(
    (a, b) => MISMATCH_KINDS.indexOf(a.kind) - MISMATCH_KINDS.indexOf(b.kind) || a.personKey.localeCompare(b.personKey),
  );

  const onRoll = facts.roll.filter((p) => COUNTED.has(p.status)).length;
  return {
    ...args.range,
    onRoll,
    paid: paidHere.size,
    matched,
    matchRate: population.size === 0 ? 1 : matched / population.size,
    summary: MISMATCH_KINDS.map((kind) => {
      const of = mismatches.filter((m) => m.kind === kind);
      return { kind, people: of.length, amount: sumYuan(of.map((m) => m.amount)) };
    }),
    bodies: bodyHeadcounts(facts.roll, facts.quotaRows, linesByKey, mismatches),
    mismatches,
  };
}

/** Per body: each establishment type's quota, people on the roll and paid, and leader posts against leaders. */
function bodyHeadcounts(
  roll: RollFact[],
  quotaRows: Array<Record<(typeof QUOTA)[number], unknown>>,
  linesByKey: Map<string, PayLine[]>,
  mismatches: HeadcountMismatch[],
): BodyHeadcount[] {
  const bodies = new Map<string, { quotas: Map<string, number>; chiefPosts: number; deputyPosts: number }>();
  const bodyOf = (uscc: string) => {
    let body = bodies.get(uscc);
    if (!body) bodies.set(uscc, (body = { quotas: new Map(), chiefPosts: 0, deputyPosts: 0 }));
    return body;
  };
  for (const q of quotaRows) {
    const body = bodyOf(text(q.orgUscc));
    body.quotas.set(text(q.type), Number(q.quota));
    body.chiefPosts = Number(q.leaderChief);
    body.deputyPosts = Number(q.leaderDeputy);
  }
  const peopleOf = new Map<string, RollFact[]>();
  for (const p of roll) {
    bodyOf(p.orgUscc);
    push(peopleOf, p.orgUscc, p);
  }
  const paidBy = new Map<string, Set<string>>();
  for (const ls of linesByKey.values())
    for (const l of ls) paidBy.set(l.orgUscc, (paidBy.get(l.orgUscc) ?? new Set()).add(l.personKey));
  // A body answers for the mismatches of the people on its roll and of the people it paid.
  const mismatchesOf = new Map<string, Set<string>>();
  for (const m of mismatches)
    for (const uscc of [m.orgUscc, ...m.payingOrgs])
      if (uscc) mismatchesOf.set(uscc, (mismatchesOf.get(uscc) ?? new Set()).add(m.personKey));

  return [...bodies.keys()].sort().map((uscc) => {
    const body = bodies.get(uscc)!;
    const people = peopleOf.get(uscc) ?? [];
    const counted = people.filter((p) => COUNTED.has(p.status));
    const types = distinctSorted([...body.quotas.keys(), ...counted.map((p) => p.establishmentType)]);
    const byType = types.map((type) => {
      const ofType = counted.filter((p) => p.establishmentType === type);
      const quota = body.quotas.get(type) ?? 0;
      const paid = ofType.filter((p) => (linesByKey.get(p.personKey) ?? []).some((l) => l.orgUscc === uscc)).length;
      return { type, quota, onRoll: ofType.length, paid, over: Math.max(0, ofType.length - quota) };
    });
    const serving = people.filter((p) => p.status === 'ON_ROLL');
    const chiefs = serving.filter((p) => p.leaderRank === 'CHIEF').length;
    const deputies = serving.filter((p) => p.leaderRank === 'DEPUTY').length;
    return {
      orgUscc: uscc,
      byType,
      leaders: {
        chiefPosts: body.chiefPosts,
        chiefs,
        deputyPosts: body.deputyPosts,
        deputies,
        exceeded: chiefs > body.chiefPosts || deputies > body.deputyPosts,
      },
      paid: paidBy.get(uscc)?.size ?? 0,
      mismatches: mismatchesOf.get(uscc)?.size ?? 0,
      overEstablished: byType.some((t) => t.over > 0),
    };
  });
}
