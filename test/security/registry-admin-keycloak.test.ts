import { gql } from '../support/graphql';
import { startRegistryStack, type RegistryStack } from '../support/registry-stack';

const REGISTER = 'mutation ($input: RegisterSubgraphInput!) { registerSubgraph(input: $input) { revision status } }';
const APPROVE =
  'mutation ($name: String!, $revision: Int!) { approveSubgraph(name: $name, revision: $revision) { version live } }';

/**
 * The registry admin API with Keycloak tokens (no static admin tokens configured): only roles that can
 * administer-registry may change it, the two-person rule tells token users apart, and anything else is
 * refused with a code.
 */
describe('security: registry administration with Keycloak tokens', () => {
  let stack: RegistryStack;
  let admin: (token: string | null, query: string, variables?: Record<string, unknown>) => ReturnType<typeof gql<any>>;

  beforeAll(async () => {
    stack = await startRegistryStack();
    const url = stack.gateway.url.replace('/graphql', '/admin/graphql');
    admin = (token, query, variables) =>
      gql<any>({ url, headers: token ? { authorization: `Bearer ${token}` } : {} }, query, variables);
  });
  afterAll(() => stack?.[Symbol.asyncDispose]());

  it('registry admins register and approve, one person each; other callers are refused', async () => {
    const alice = await stack.realm.mint({ user: 'admin.alice', roles: ['registry-admin'], region: '320000' });
    const bob = await stack.realm.mint({ user: 'admin.bob', roles: ['registry-admin'], region: '320000' });
    const officer = await stack.realm.mint({ user: 'staffing.officer', roles: ['staffing-officer'], region: '320000' });
    const input = {
      name: 'housing',
      url: stack.partner.url,
      department: 'housing-bureau',
      contact: 'it@housing.example',
    };

    expect((await admin(null, REGISTER, { input })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const forged = `${alice.slice(0, alice.lastIndexOf('.'))}.${Buffer.from('forged').toString('base64url')}`;
    expect((await admin(forged, REGISTER, { input })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await admin(officer, REGISTER, { input })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN_FIELD');

    const registered = await admin(alice, REGISTER, { input });
    expect(registered.errors).toBeUndefined();
    expect(registered.data!.registerSubgraph).toMatchObject({ revision: 1 });
    // The two-person rule: the registrant cannot approve.
    expect((await admin(alice, APPROVE, { name: 'housing', revision: 1 })).errors?.[0]?.message).toMatch(
      /two-person|registrant|same person|another/i,
    );
    expect(stack.gateway.version()).toBe(1);
    const approved = await admin(bob, APPROVE, { name: 'housing', revision: 1 });
    expect(approved.errors).toBeUndefined();
    expect(approved.data!.approveSubgraph).toMatchObject({ version: 2, live: true });
    const events = await admin(bob, '{ registryEvents(last: 5) { actor action } }');
    expect(events.data!.registryEvents).toEqual(
      expect.arrayContaining([
        { actor: 'admin.alice', action: 'register' },
        { actor: 'admin.bob', action: 'approve' },
      ]),
    );
  });
});
