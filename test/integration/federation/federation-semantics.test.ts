import { gql } from '../../support/graphql';
import { startFixture, type FederationFixture, type RunningFixture } from './fixture';
import { keysFixture } from './fixtures/keys';
import { abstractAndOverrideFixture } from './fixtures/abstract-and-override';
import { fieldDirectivesFixture, inaccessibleQuery } from './fixtures/field-directives';

/** Federation v2 semantics through the gateway, one fixture per feature, over real HTTP subgraphs. */
const FIXTURES: Record<string, FederationFixture> = {
  '@key': keysFixture,
  'field directives': fieldDirectivesFixture,
  'abstract types and @override': abstractAndOverrideFixture,
};

describe.each(Object.entries(FIXTURES))('%s', (_name, fixture) => {
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

describe('@inaccessible', () => {
  it('hides the field from the API: querying it is a validation error, and introspection does not list it', async () => {
    await using running = await startFixture(fieldDirectivesFixture);
    const answer = await gql(running.gateway.url, inaccessibleQuery);
    expect(answer.errors?.[0]?.message).toMatch(/Cannot query field "internalCode" on type "Trip"/);
    const types = await gql(running.gateway.url, '{ __type(name: "Trip") { fields { name } } }');
    expect((types.data as any).__type.fields.map((f: { name: string }) => f.name)).not.toContain('internalCode');
  });
});
