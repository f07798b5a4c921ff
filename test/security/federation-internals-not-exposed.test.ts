import { mysqlStorage } from '../support/env';
import { gql } from '../support/graphql';
import { startTestStack, type TestStack } from '../support/stack';

/**
 * _entities smuggling: a client of the gateway must not reach subgraph entity resolution or SDL
 * directly (that would bypass whatever the gateway decides per field). Only subgraphs have them.
 */
describe('federation internals are not part of the gateway API', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack(mysqlStorage);
  });
  afterAll(async () => {
    await stack[Symbol.asyncDispose]();
  });

  it.each([
    [
      '_entities',
      '{ _entities(representations: [{ __typename: "Person", personKey: "00000000000000000000000000000000" }]) { __typename } }',
    ],
    ['_service', '{ _service { sdl } }'],
  ])('%s is refused at validation', async (field, query) => {
    const answer = await gql(stack.gatewayUrl, query);
    expect(answer.data).toBeUndefined();
    expect(answer.errors?.[0]?.message).toMatch(new RegExp(`Cannot query field "${field}" on type "Query"`));
  });

  it('introspection lists no Federation or join types', async () => {
    const answer = await gql(stack.gatewayUrl, '{ __schema { types { name } queryType { fields { name } } } }');
    const types = (answer.data as any).__schema.types.map((t: { name: string }) => t.name);
    expect(types.filter((t: string) => /^(_Entity|_Any|_Service|join__|link__)/.test(t))).toEqual([]);
    expect(
      (answer.data as any).__schema.queryType.fields
        .map((f: { name: string }) => f.name)
        .filter((n: string) => n.startsWith('_')),
    ).toEqual([]);
  });
});
