import { gql } from '../../support/graphql';
import { startFixture, type FederationFixture, type RunningFixture } from './fixture';
import { keysFixture } from './fixtures/keys';

/** Federation v2 semantics through the gateway, one fixture per feature, over real HTTP subgraphs. */
const FIXTURES: Record<string, FederationFixture> = {
  '@key': keysFixture,
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
