import { monthOf, type MonthRange } from '../checks/months';
import { sumYuan } from '../checks/values';
import {
  MISMATCH_KINDS,
  type BodyHeadcount,
  type HeadcountMismatch,
  type HeadcountReconciliation,
  type MismatchKind,
  type PayLine,
  type PersonFacts,
  type QuotaFact,
  type RollFact,
} from './headcount-types';

/** Roll statuses that occupy an establishment post. */
const COUNTED = new Set(['ON_ROLL', 'SECONDED']);
/** Statuses after which a body must stop paying. */
const SEPARATED = new Set(['RETIRED', 'TRANSFERRED_OUT', 'DECEASED']);

const distinctSorted = (values: Iterable<string>) => [...new Set(values)].sort();

/** One body's running counts: its quotas, and what its people and its pay add up to. */
class BodyTally {
  readonly quotas = new Map<string, number>();
  chiefPosts = 0;
  deputyPosts = 0;
  /** Per establishment type: people on the roll counted against a post, and of them paid by this body. */
  readonly byType = new Map<string, { onRoll: number; paid: number }>();
  chiefs = 0;
  deputies = 0;
  paid = 0;
  mismatches = 0;
  /** Whether the body is listed (it has quotas or people on its roll), not only paid someone. */
  listed = false;
}

/**
 * The rules of the reconciliation, applied person by person: whatever reads the facts (one system's
 * bulk answer, or many nodes' streams merged in key order) hands each person over once, and only the
 * running totals, the bodies and the mismatches are kept, never the population.
 */
export class HeadcountTally {
  private onRoll = 0;
  private paid = 0;
  private matched = 0;
  private population = 0;
  private readonly mismatches: HeadcountMismatch[] = [];
  private readonly bodies = new Map<string, BodyTally>();

  private body(uscc: string): BodyTally {
    let body = this.bodies.get(uscc);
    if (!body) this.bodies.set(uscc, (body = new BodyTally()));
    return body;
  }

  quota(q: QuotaFact): void {
    const body = this.body(q.orgUscc);
    body.listed = true;
    body.quotas.set(q.type, q.quota);
    body.chiefPosts = q.leaderChief;
    body.deputyPosts = q.leaderDeputy;
  }

  person(facts: PersonFacts): void {
    const { personKey: key, lines } = facts;
    if (!facts.ownRoll.length && !facts.paidHere) return; // only a supporting fact (a death, a work record)
    const person = facts.ownRoll[0] ?? facts.otherRoll ?? undefined;
    const found: HeadcountMismatch[] = [];
    /** `ls`: the pay in question; `paidIn`: every line of the months concerned (default the same). */
    const report = (kind: MismatchKind, ls: PayLine[], paidIn = ls) =>
      found.push({
        kind,
        personKey: key,
        orgUscc: person?.orgUscc ?? null,
        payingOrgs: distinctSorted(paidIn.map((l) => l.orgUscc)),
        months: distinctSorted(ls.map((l) => l.month)),
        amount: sumYuan(ls.map((l) => l.gross)),
        status: person?.status ?? null,
        statusDate: person?.statusDate ?? null,
        diedOn: facts.diedOn,
      });

    if (!person) report('PAID_NOT_ON_ROLL', lines);
    else this.judge(facts, person, report);

    this.onRoll += facts.ownRoll.filter((p) => COUNTED.has(p.status)).length;
    if (facts.paidHere) this.paid++;
    const own = facts.ownRoll[0];
    const counted = own !== undefined && COUNTED.has(own.status);
    if (facts.paidHere || counted) this.population++;
    if (counted && !found.length) this.matched++;
    this.mismatches.push(...found);
    this.countForBodies(facts, found);
  }

  /** The rules for a person on a roll. */
  private judge(
    facts: PersonFacts,
    person: RollFact,
    report: (kind: MismatchKind, ls: PayLine[], paidIn?: PayLine[]) => void,
  ): void {
    const { lines: ls, diedOn: died } = facts;
    const own = ls.filter((l) => l.orgUscc === person.orgUscc);
    if (SEPARATED.has(person.status) && person.statusDate) {
      const wrong = own.filter((l) => l.month > monthOf(person.statusDate!));
      if (wrong.length) report('PAID_AFTER_SEPARATION', wrong);
    }
    if (person.status === 'ON_ROLL' && died) {
      const wrong = ls.filter((l) => l.month > monthOf(died));
      if (wrong.length) report('DEAD_BUT_PAID', wrong);
    }
    const orgsByMonth = new Map<string, Set<string>>();
    for (const l of ls) orgsByMonth.set(l.month, (orgsByMonth.get(l.month) ?? new Set()).add(l.orgUscc));
    // Paid twice: the months concerned are those two bodies paid; the pay in question is what bodies
    // other than the person's own paid; every body that paid in those months is named.
    const paidTwice = ls.filter((l) => orgsByMonth.get(l.month)!.size > 1);
    const twice = paidTwice.filter((l) => l.orgUscc !== person.orgUscc);
    if (twice.length)
      report(person.status === 'SECONDED' ? 'SECONDED_PAID_TWICE' : 'PAID_BY_TWO_BODIES', twice, paidTwice);
    if (COUNTED.has(person.status) && ls.length && !facts.present) report('NEVER_AT_POST', ls);
    if (facts.ownRoll.length && COUNTED.has(person.status) && own.length === 0) report('ON_ROLL_NOT_PAID', []);
  }

  /** A body answers for the people on its roll, the people it paid, and the mismatches of both. */
  private countForBodies(facts: PersonFacts, found: HeadcountMismatch[]): void {
    for (const p of facts.ownRoll) {
      const body = this.body(p.orgUscc);
      body.listed = true;
      if (COUNTED.has(p.status)) {
        const type = body.byType.get(p.establishmentType) ?? { onRoll: 0, paid: 0 };
        body.byType.set(p.establishmentType, type);
        type.onRoll++;
        if (facts.lines.some((l) => l.orgUscc === p.orgUscc)) type.paid++;
      }
      if (p.status === 'ON_ROLL' && p.leaderRank === 'CHIEF') body.chiefs++;
      if (p.status === 'ON_ROLL' && p.leaderRank === 'DEPUTY') body.deputies++;
    }
    for (const uscc of new Set(facts.lines.map((l) => l.orgUscc))) this.body(uscc).paid++;
    const answering = new Set<string>();
    for (const m of found) for (const uscc of [m.orgUscc, ...m.payingOrgs]) if (uscc) answering.add(uscc);
    for (const uscc of answering) this.body(uscc).mismatches++;
  }

  result(range: MonthRange): HeadcountReconciliation {
    const mismatches = [...this.mismatches].sort(
      (a, b) => MISMATCH_KINDS.indexOf(a.kind) - MISMATCH_KINDS.indexOf(b.kind) || (a.personKey < b.personKey ? -1 : 1),
    );
    return {
      ...range,
      onRoll: this.onRoll,
      paid: this.paid,
      matched: this.matched,
      matchRate: this.population === 0 ? 1 : this.matched / this.population,
      summary: MISMATCH_KINDS.map((kind) => {
        const of = mismatches.filter((m) => m.kind === kind);
        return { kind, people: of.length, amount: sumYuan(of.map((m) => m.amount)) };
      }),
      bodies: [...this.bodies.keys()]
        .filter((uscc) => this.bodies.get(uscc)!.listed)
        .sort()
        .map((uscc) => this.bodyResult(uscc, this.bodies.get(uscc)!)),
      mismatches,
    };
  }

  private bodyResult(uscc: string, body: BodyTally): BodyHeadcount {
    const byType = distinctSorted([...body.quotas.keys(), ...body.byType.keys()]).map((type) => {
      const quota = body.quotas.get(type) ?? 0;
      const counted = body.byType.get(type) ?? { onRoll: 0, paid: 0 };
      return { type, quota, onRoll: counted.onRoll, paid: counted.paid, over: Math.max(0, counted.onRoll - quota) };
    });
    return {
      orgUscc: uscc,
      byType,
      leaders: {
        chiefPosts: body.chiefPosts,
        chiefs: body.chiefs,
        deputyPosts: body.deputyPosts,
        deputies: body.deputies,
        exceeded: body.chiefs > body.chiefPosts || body.deputies > body.deputyPosts,
      },
      paid: body.paid,
      mismatches: body.mismatches,
      overEstablished: byType.some((t) => t.over > 0),
    };
  }
}
