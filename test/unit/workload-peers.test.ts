import { deviationOf, MIN_PEERS, PeerComparison, zScore } from '../../subgraphs/activity/workload/peer-comparison';

/** Peers of a workload row: the category's other regions, from per-region sums; fewer than five make none. */
const sums = (categoryCode: string, regionCode: string, values: number[]) => ({
  categoryCode,
  regionCode,
  subjects: values.length,
  sum: values.reduce((a, b) => a + b, 0),
  sumOfSquares: values.reduce((a, b) => a + b * b, 0),
});

describe('workload peers', () => {
  const comparison = new PeerComparison([
    sums('0301', '320505', [8, 8.5, 30]),
    sums('0301', '320506', [7.5, 8, 8.5]),
    sums('0301', '320507', [8, 9, 7]),
    sums('0101', '320505', [4, 4, 4, 4, 4, 4]),
  ]);

  it("leaves the row's own region out of its peers", () => {
    const peers = comparison.peersOf('0301', '320505')!;
    const others = [7.5, 8, 8.5, 8, 9, 7];
    const mean = others.reduce((a, b) => a + b, 0) / others.length;
    const sd = Math.sqrt(others.reduce((a, v) => a + (v - mean) ** 2, 0) / (others.length - 1));
    expect(peers.subjects).toBe(6);
    expect(peers.regions).toBe(2);
    expect(peers.meanHoursPerRecord).toBeCloseTo(mean, 12);
    expect(peers.stdDevHoursPerRecord).toBeCloseTo(sd, 12);
    expect(deviationOf(zScore(30, peers), 3)).toBe('ABOVE_PEERS');
    expect(deviationOf(zScore(8.2, peers), 3)).toBeNull();
    expect(deviationOf(zScore(1, peers), 3)).toBe('BELOW_PEERS');
  });

  it(`makes no comparison from fewer than ${MIN_PEERS} subjects, or from peers that do not vary`, () => {
    expect(comparison.peersOf('0101', '320505')).toBeNull(); // all six are in the row's own region
    expect(comparison.peersOf('0999', '320505')).toBeNull();
    const same = new PeerComparison([sums('0101', '320505', [4]), sums('0101', '320506', [4, 4, 4, 4, 4])]);
    const peers = same.peersOf('0101', '320505')!;
    expect(peers.stdDevHoursPerRecord).toBe(0);
    expect(zScore(12, peers)).toBeNull();
  });
});
