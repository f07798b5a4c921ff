/** Band edges in yuan: wide enough that a band does not reveal one person's pay, narrow enough to compare. */
const EDGES = [0, 1000, 3000, 5000, 8000, 12000, 20000, 50000, 100000, 500000, 1000000];

/**
 * The band an amount falls in, e.g. "5000-8000" (lower edge inclusive), or "1000000+". Served as its own
 * String field beside the exact amount, so that a clearance too low for the amount can still compare.
 */
export function amountBand(amount: number): string {
  if (amount < 0) return '<0';
  for (let i = 1; i < EDGES.length; i++) if (amount < EDGES[i]!) return `${EDGES[i - 1]}-${EDGES[i]}`;
  return `${EDGES.at(-1)}+`;
}
