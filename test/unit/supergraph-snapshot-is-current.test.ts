import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeShippedSupergraph } from '../../gateway/composition/shipped-supergraph';

/** schema/supergraph.graphql is what `npm run compose` makes from the subgraph SDLs today. */
describe('supergraph snapshot', () => {
  it('matches a fresh composition of schema/*.graphql', () => {
    const fresh = composeShippedSupergraph((_name, port) => `http://127.0.0.1:${port}/graphql`);
    expect(fresh).toContain('join__Graph');
    expect(readFileSync(join(__dirname, '..', '..', 'schema', 'supergraph.graphql'), 'utf8')).toBe(fresh);
  });
});
