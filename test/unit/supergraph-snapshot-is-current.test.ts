import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, parse, validate } from 'graphql';

import { shippedApiSchema } from '../../gateway/control/composition/shipped-api-schema';
import { composeShippedSupergraph } from '../../gateway/control/composition/shipped-supergraph';

const schemaDir = join(__dirname, '..', '..', 'schema');

/** schema/supergraph.graphql and schema/api.graphql are what `npm run compose` makes from the subgraph SDLs today. */
describe('supergraph and API schema snapshots', () => {
  const fresh = composeShippedSupergraph((_name, port) => `http://127.0.0.1:${port}/graphql`);

  it('the supergraph matches a fresh composition of schema/*.graphql', () => {
    expect(fresh).toContain('join__Graph');
    expect(readFileSync(join(schemaDir, 'supergraph.graphql'), 'utf8')).toBe(fresh);
  });

  it('the API schema matches what the gateway serves from it with the shipped policy', () => {
    const api = shippedApiSchema(fresh);
    expect(api).toContain('Classification: RESTRICTED');
    expect(api).not.toMatch(/_entities|join__|FactTable|rollFacts/);
    expect(readFileSync(join(schemaDir, 'api.graphql'), 'utf8')).toBe(api);
  });

  it('every named operation in schema/operations/ is valid against it', () => {
    const schema = buildSchema(readFileSync(join(schemaDir, 'api.graphql'), 'utf8'));
    const files = readdirSync(join(schemaDir, 'operations')).filter((f) => f.endsWith('.graphql'));
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const file of files) {
      const errors = validate(schema, parse(readFileSync(join(schemaDir, 'operations', file), 'utf8'))).map(
        (e) => e.message,
      );
      expect([file, errors]).toEqual([file, []]);
    }
  });
});
