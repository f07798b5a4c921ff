import { skippedAt } from '../integration/federation/differential-explanations';

/** The differential test's rule for "a field the operation leaves out": by position and by the conditions' values. */
describe('differential explanations: which fields an operation leaves out', () => {
  const query = `query ($shown: Boolean = true, $outer: Boolean!) {
    ... on Query @include(if: $outer) { a2: maybe @include(if: $shown) { balance ... on Body @skip(if: true) { strict } } }
    bodies { parent { strict } }
  }`;

  it('a field under a fragment its @skip excludes is left out; the same key selected elsewhere is not', () => {
    expect(skippedAt(query, { outer: true }, ['a2', 2, 'strict'])).toBe(true);
    expect(skippedAt(query, { outer: true }, ['bodies', 1, 'parent', 'strict'])).toBe(false);
  });

  it('a condition counts by its value, defaults applied: true keeps the field, false leaves it out', () => {
    expect(skippedAt(query, { outer: true }, ['a2', 0, 'balance'])).toBe(false);
    expect(skippedAt(query, { outer: false }, ['a2', 0, 'balance'])).toBe(true);
    expect(skippedAt(query, { outer: true, shown: false }, ['a2', 0, 'balance'])).toBe(true);
  });

  it('a path the operation does not select at all is not "left out"', () => {
    expect(skippedAt(query, { outer: true }, ['nowhere'])).toBe(false);
  });
});
