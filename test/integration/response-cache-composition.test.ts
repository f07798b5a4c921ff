import { caller } from '../support/access';
import { gql } from '../support/graphql';
import { startRegistryStack, type RegistryStack } from '../support/registry-stack';
import { waitUntil } from '../support/wait';

const ORGS = '{ orgs(first: 5) { nodes { uscc name } } }';

/** A new composition starts from an empty response cache: nothing cached under the old graph is served by the new one. */
describe('response cache across compositions', () => {
  let stack: RegistryStack;

  beforeAll(async () => {
    stack = await startRegistryStack();
  });
  afterAll(() => stack?.[Symbol.asyncDispose]());

  it('caches reference data under one composition and reads it fresh after a new one is approved', async () => {
    const officer = caller(
      stack.gateway.url,
      await stack.realm.mint({ user: 'cache.composition', roles: ['staffing-officer'], region: '320000' }),
    );
    const calls = async () => {
      const before = stack.staffing.requests.count;
      const answer = await gql(officer, ORGS);
      expect(answer.errors).toBeUndefined();
      return { answer, calls: stack.staffing.requests.count - before };
    };
    const first = await calls();
    expect(first.calls).toBe(1);
    expect((await calls()).calls).toBe(0);

    await stack.gateway.registry.register(
      { name: 'housing', url: stack.partner.url, department: 'housing-bureau', contact: 'x' },
      'alice',
    );
    await stack.gateway.registry.approve('housing', 1, 'bob');
    await waitUntil(5000, () => stack.gateway.version() === 2);
    const after = await calls();
    expect(after.calls).toBe(1);
    expect(after.answer).toEqual(first.answer);
    expect((await calls()).calls).toBe(0);
  });
});
