import { oracleOf } from '../../support/differential/oracle';
import { gql } from '../../support/graphql';
import { startFixture, type RunningFixture } from './fixture';
import { FEDERATION_FIXTURES } from './fixtures/all-fixtures';
import { fieldDirectivesFixture, inaccessibleQuery } from './fixtures/field-directives';

/** Federation v2 semantics through the gateway, one fixture per feature, over real HTTP subgraphs. */
describe.each(Object.entries(FEDERATION_FIXTURES))('%s', (_name, fixture) => {
  let running: RunningFixture;
  beforeAll(async () => {
    running = await startFixture(fixture);
  });
  afterAll(async () => {
    await running?.[Symbol.asyncDispose]();
  });

  it.each(fixture.cases.map((c) => [c.name, c] as const))('%s', async (_case, c) => {
    const answer = await gql(running.gateway.url, c.query, c.variables);
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toEqual(c.expected);
  });
});

// A fixture's oracle (its data in one plain schema) is what the differential test trusts over @apollo/gateway: it answers every case as written.
describe.each(Object.entries(FEDERATION_FIXTURES).filter(([, f]) => f.oracle))('oracle of %s', (_name, fixture) => {
  const oracle = oracleOf(fixture)!;
  it.each(fixture.cases.map((c) => [c.name, c] as const))('%s', async (_case, c) => {
    const answer = await oracle(c);
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toEqual(c.expected);
  });
});

describe('@inaccessible', () => {
  it('hides the field from the API: querying it is a validation error, and introspection does not list it', async () => {
    await using running = await startFixture(fieldDirectivesFixture);
    const answer = await gql(running.gateway.url, inaccessibleQuery);
    expect(answer.errors?.[0]?.message).toMatch(/Cannot query field "internalCode" on type "Trip"/);
    const types = await gql(running.gateway.url, '{ __type(name: "Trip") { fields { name } } }');
    expect((types.data as any).__type.fields.map((f: { name: string }) => f.name)).not.toContain('internalCode');
  });
});
