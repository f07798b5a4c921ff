import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { loadExplorerTabs } from '../../gateway/endpoints/explorer/explorer-tabs';

describe('explorer tabs from named operations', () => {
  const dir = mkdtempSync(join(tmpdir(), 'govgraph-tabs-'));
  writeFileSync(
    join(dir, 'a.graphql'),
    [
      '# What A is for.',
      '# Variables: {"month": "2026-04"}',
      'query A($month: String!) { a(month: $month) }',
      '',
      '# B has no example.',
      'query B($n: Int!, $names: [String!]!, $on: Boolean!, $s: String!, $optional: String, $first: Int! = 5) { b }',
      'fragment F on Query { a }',
    ].join('\n'),
  );

  it('one tab per operation, with its comment, and its example variables or placeholders for the required ones', () => {
    const tabs = loadExplorerTabs(dir);
    expect(tabs.map((t) => t.name)).toEqual(['A', 'B']);
    expect(tabs[0]!.query).toBe('# What A is for.\nquery A($month: String!) { a(month: $month) }\n');
    expect(JSON.parse(tabs[0]!.variables)).toEqual({ month: '2026-04' });
    expect(tabs[1]!.query.startsWith('# B has no example.\nquery B(')).toBe(true);
    expect(JSON.parse(tabs[1]!.variables)).toEqual({ n: 0, names: [], on: false, s: '' });
  });
});
