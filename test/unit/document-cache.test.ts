import { parse } from 'graphql';

import { documentCache } from '../../common/document-cache';

/** Apollo's document store, bounded by a count of documents rather than by their JSON size. */
describe('the document cache', () => {
  it('keeps the most recently used documents, up to its count', async () => {
    const cache = documentCache(2);
    for (const n of [1, 2, 3]) await cache.set(`q${n}`, parse(`query Q${n} { a }`));
    await cache.get('q2'); // used: q3 is now the oldest
    await cache.set('q4', parse('query Q4 { a }'));
    expect(await Promise.all(['q1', 'q2', 'q3', 'q4'].map(async (k) => (await cache.get(k)) !== undefined))).toEqual([
      false,
      true,
      false,
      true,
    ]);
  });

  it('refuses a count that is not a whole number of documents', () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) expect(() => documentCache(bad)).toThrow(/DOCUMENT_CACHE_ENTRIES/);
  });
});
