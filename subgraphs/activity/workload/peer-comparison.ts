/**
 * Peers of a workload row: the subjects (people or bodies) doing the same activity category in other
 * regions over the same period. Each region's subjects are summed as count, Σv and Σv² of their hours
 * per record, so "every region but this one" is the category's total minus the region's own, with no
 * subject's rows leaving the database.
 */

/** Fewer subjects than this make no comparison: a mean of two or three would point at people. */
export const MIN_PEERS = 5;

export interface RegionSums {
  categoryCode: string;
  regionCode: string;
  subjects: number;
  sum: number;
  sumOfSquares: number;
}

export interface Peers {
  subjects: number;
  regions: number;
  meanHoursPerRecord: number;
  stdDevHoursPerRecord: number;
}

export type Deviation = 'ABOVE_PEERS' | 'BELOW_PEERS';

/** Peers of each (category, region): null where other regions hold fewer than MIN_PEERS subjects. */
export class PeerComparison {
  private readonly totals = new Map<string, { subjects: number; sum: number; sumOfSquares: number; regions: number }>();
  private readonly own = new Map<string, RegionSums>();

  constructor(sums: readonly RegionSums[]) {
    for (const s of sums) {
      this.own.set(`${s.categoryCode}|${s.regionCode}`, s);
      const t = this.totals.get(s.categoryCode) ?? { subjects: 0, sum: 0, sumOfSquares: 0, regions: 0 };
      t.subjects += s.subjects;
      t.sum += s.sum;
      t.sumOfSquares += s.sumOfSquares;
      t.regions += 1;
      this.totals.set(s.categoryCode, t);
    }
  }

  peersOf(categoryCode: string, regionCode: string): Peers | null {
    const total = this.totals.get(categoryCode);
    if (!total) return null;
    const own = this.own.get(`${categoryCode}|${regionCode}`);
    const n = total.subjects - (own?.subjects ?? 0);
    if (n < MIN_PEERS) return null;
    const sum = total.sum - (own?.sum ?? 0);
    const sumOfSquares = total.sumOfSquares - (own?.sumOfSquares ?? 0);
    const mean = sum / n;
    // Sample variance; clamped because the subtraction can leave a rounding residue below zero.
    const variance = Math.max(0, (sumOfSquares - n * mean * mean) / (n - 1));
    return {
      subjects: n,
      regions: total.regions - (own ? 1 : 0),
      meanHoursPerRecord: mean,
      stdDevHoursPerRecord: Math.sqrt(variance),
    };
  }
}

/** How many standard deviations a value lies from its peers' mean; null when there is nothing to compare with. */
export function zScore(value: number, peers: Peers | null): number | null {
  if (!peers || peers.stdDevHoursPerRecord < 1e-9) return null;
  return (value - peers.meanHoursPerRecord) / peers.stdDevHoursPerRecord;
}

export function deviationOf(z: number | null, threshold: number): Deviation | null {
  if (z === null) return null;
  if (z > threshold) return 'ABOVE_PEERS';
  if (z < -threshold) return 'BELOW_PEERS';
  return null;
}
