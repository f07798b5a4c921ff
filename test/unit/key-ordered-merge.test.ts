import { HeadcountTally } from '../../subgraphs/supervision/headcount/headcount-tally';
import type { PersonFacts } from '../../subgraphs/supervision/headcount/headcount-types';
import { keyOrderedPages, type PageReader } from '../../subgraphs/supervision/streams/key-ordered-pages';
import { mergeByKey } from '../../subgraphs/supervision/streams/merge-by-key';

/** Deterministic pseudo-random numbers (the same rows every run). */
function random(seed: number) {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}
const hex = (n: number) => n.toString(16).padStart(32, '0');

interface Row {
  personKey: string;
  n: number;
}

/** A source that answers pages as a system does (rows after afterKey, in key order, at most first), and counts its reads. */
function source(rows: Row[]) {
  const sorted = [...rows].sort((a, b) => (a.personKey < b.personKey ? -1 : a.personKey > b.personKey ? 1 : 0));
  const reads: number[] = [];
  const read: PageReader<Row> = async (after, first) => {
    reads.push(first);
    return sorted.filter((r) => after === null || r.personKey > after).slice(0, first);
  };
  return { read, reads };
}

/** Every item of a stream of batches (pages of groups, batches of merged keys). */
async function collect<T>(it: AsyncIterable<T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const batch of it) out.push(...batch);
  return out;
}

describe('key-ordered pages', () => {
  it('hands every row over once, each key whole, even when a page ends inside a key', async () => {
    const next = random(7);
    const rows: Row[] = [];
    for (let k = 0; k < 300; k++)
      for (let i = 0, n = 1 + Math.floor(next() * 5); i < n; i++) rows.push({ personKey: hex(k), n: i });
    const { read } = source(rows);
    const groups = await collect(keyOrderedPages(read, (r) => r.personKey, 7));
    expect(groups.map((g) => g.key)).toEqual([...new Set(rows.map((r) => r.personKey))]);
    for (const g of groups) expect(g.rows.length).toBe(rows.filter((r) => r.personKey === g.key).length);
  });

  it('reads a page again, larger, when one key fills it', async () => {
    const rows = [...Array(25)].map((_, n) => ({ personKey: hex(1), n })).concat([{ personKey: hex(2), n: 0 }]);
    const { read, reads } = source(rows);
    const groups = await collect(keyOrderedPages(read, (r) => r.personKey, 10));
    expect(groups.map((g) => [g.key, g.rows.length])).toEqual([
      [hex(1), 25],
      [hex(2), 1],
    ]);
    expect(reads.slice(0, 3)).toEqual([10, 20, 40]);
  });
});

describe('k-way merge by key', () => {
  it('gives each key once in key order with every stream part, equal to grouping all rows', async () => {
    const next = random(11);
    const all: Array<Row & { stream: number }> = [];
    const streams = [...Array(9)].map((_, stream) => {
      const rows: Row[] = [];
      for (let k = 0; k < 200; k++) if (next() < 0.3) rows.push({ personKey: hex(k), n: stream });
      all.push(...rows.map((r) => ({ ...r, stream })));
      return { tag: stream, pages: keyOrderedPages(source(rows).read, (r) => r.personKey, 4) };
    });
    const merged = await collect(mergeByKey(streams, () => undefined));
    const keys = [...new Set(all.map((r) => r.personKey))].sort();
    expect(merged.map((m) => m.key)).toEqual(keys);
    for (const m of merged)
      expect(m.parts.map((p) => p.tag)).toEqual(all.filter((r) => r.personKey === m.key).map((r) => r.stream));
  });

  it('ends a failing stream, names it, and merges the rest', async () => {
    const good = source([
      { personKey: hex(1), n: 0 },
      { personKey: hex(3), n: 0 },
    ]);
    const failing: PageReader<Row> = async () => {
      throw new Error('node down');
    };
    const failed: number[] = [];
    const merged = await collect(
      mergeByKey(
        [
          { tag: 0, pages: keyOrderedPages(good.read, (r) => r.personKey, 10) },
          { tag: 1, pages: keyOrderedPages(failing, (r: Row) => r.personKey, 10) },
        ],
        (tag) => failed.push(tag),
      ),
    );
    expect(merged.map((m) => m.key)).toEqual([hex(1), hex(3)]);
    expect(failed).toEqual([1]);
  });
});

describe('headcount tally', () => {
  const person = (over: Partial<PersonFacts> & { personKey: string }): PersonFacts => ({
    ownRoll: [],
    otherRoll: null,
    lines: [],
    paidHere: false,
    present: true,
    diedOn: null,
    ...over,
  });
  const roll = (personKey: string, orgUscc: string, status = 'ON_ROLL') => ({
    personKey,
    orgUscc,
    establishmentType: 'ADMINISTRATIVE',
    status,
    statusDate: null,
    leaderRank: null,
  });
  const line = (personKey: string, orgUscc: string, month: string, gross: number) => ({
    personKey,
    orgUscc,
    month,
    gross,
  });

  it('finds a person on one roll paid by two bodies, and one paid on no roll, whatever order people come in', () => {
    const people = [
      person({
        personKey: hex(1),
        ownRoll: [roll(hex(1), 'A')],
        lines: [line(hex(1), 'A', '2024-01', 100.1), line(hex(1), 'B', '2024-01', 200.2)],
        paidHere: true,
      }),
      person({ personKey: hex(2), lines: [line(hex(2), 'B', '2024-01', 0.3)], paidHere: true }),
      person({
        personKey: hex(3),
        ownRoll: [roll(hex(3), 'A')],
        lines: [line(hex(3), 'A', '2024-01', 5)],
        paidHere: true,
      }),
      person({ personKey: hex(4), diedOn: '2020-01-01' }), // a death only: not in the population
    ];
    const results = [people, [...people].reverse()].map((order) => {
      const tally = new HeadcountTally();
      tally.quota({ orgUscc: 'A', type: 'ADMINISTRATIVE', quota: 1, leaderChief: 0, leaderDeputy: 0 });
      for (const p of order) tally.person(p);
      return tally.result({ fromMonth: '2024-01', toMonth: '2024-01' });
    });
    expect(results[0]).toEqual(results[1]);
    const [r] = results;
    expect(r!.mismatches.map((m) => [m.kind, m.personKey, m.amount])).toEqual([
      ['PAID_NOT_ON_ROLL', hex(2), 0.3],
      ['PAID_BY_TWO_BODIES', hex(1), 200.2],
    ]);
    expect([r!.onRoll, r!.paid, r!.matched]).toEqual([2, 3, 1]);
    expect(r!.bodies.map((b) => [b.orgUscc, b.byType[0]?.over, b.paid, b.mismatches])).toEqual([['A', 1, 2, 1]]);
  });
});
