import type { RunningServer } from '../../common/http-server';
import { RedisRegistryStore } from '../../gateway/control/registry/redis-store';
import { createGateway, type RegistryGateway } from '../../gateway/create-gateway';
import { DEFAULT_CALL_POLICY } from '../../gateway/request/resilience/call-policy';
import type { StartedSubgraph } from '../../subgraphs/common/run-subgraph';
import { HOUSING_SDL, startPartnerSubgraph, subsidiesOf } from '../../subgraphs/partner-example/housing-subgraph';
import { caller, INSPECTION_PURPOSE, startTestRealm, testAccess, type TestRealm } from '../support/access';
import { mysqlStorage } from '../support/env';
import { gql, gqlData } from '../support/graphql';
import { dropPrefix, TEST_REDIS_URL, testPrefix } from '../support/redis';
import { shippedSpecs, startSubgraphs } from '../support/stack';
import { waitUntil } from '../support/wait';

const TOKENS = 'alice:alice-token-0123456789,bob:bob-token-0123456789,carol:carol-token-0123456789';
const ALICE = 'alice-token-0123456789';
const BOB = 'bob-token-0123456789';
const CAROL = 'carol-token-0123456789';

async function admin(gateway: RunningServer, token: string | null, query: string, variables?: Record<string, unknown>) {
  const response = await fetch(gateway.url.replace('/graphql', '/admin/graphql'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: any; errors?: Array<{ message: string; extensions?: any }> };
}

const REGISTER = `mutation ($input: RegisterSubgraphInput!) { registerSubgraph(input: $input) { revision status findings { check severity message owner } } }`;
const APPROVE = `mutation ($name: String!, $revision: Int!, $force: Boolean) { approveSubgraph(name: $name, revision: $revision, force: $force) { version live } }`;
const AMOUNT_AS_STRING = HOUSING_SDL.replace('amount: Float!', 'amount: String!');
const HOUSING_QUERY = `{ people(first: 10) { nodes { personKey housingSubsidies { month amount } } } }`;

/**
 * The registry shared by two gateway instances over real Redis: registration on one is served by the
 * other within 2 s; every refusal leaves the live graph untouched; rollback restores an earlier one.
 */
describe('subgraph registry across two gateways', () => {
  const prefix = testPrefix();
  let subgraphs: Record<string, StartedSubgraph>;
  let partner: RunningServer;
  let takeoverPartner: RunningServer | undefined;
  let shadowPartner: RunningServer | undefined;
  let a: RegistryGateway;
  let b: RegistryGateway;
  let realm: TestRealm;
  let supervisorToken: string;
  /** A gateway instance, as a supervisor stating a case (every field in clear). */
  const as = (gateway: RunningServer) => caller(gateway.url, supervisorToken, INSPECTION_PURPOSE);

  beforeAll(async () => {
    subgraphs = await startSubgraphs(mysqlStorage);
    partner = await startPartnerSubgraph();
    realm = await startTestRealm();
    supervisorToken = await realm.mint({ user: 'test.supervisor', roles: ['supervisor'], region: '320000' });
    const start = async () =>
      createGateway({
        source: {
          registry: {
            store: await RedisRegistryStore.connect(TEST_REDIS_URL, prefix),
            allowedHosts: ['127.0.0.1'],
            adminTokens: TOKENS,
            bootstrap: () => shippedSpecs(subgraphs),
          },
        },
        calls: DEFAULT_CALL_POLICY,
        access: await testAccess(realm),
        host: '127.0.0.1',
        port: 0,
      });
    a = await start();
    b = await start();
  }, 60_000);

  afterAll(async () => {
    await Promise.all([
      a?.close(),
      b?.close(),
      partner?.close(),
      takeoverPartner?.close(),
      shadowPartner?.close(),
      realm?.close(),
      ...Object.values(subgraphs ?? {}).map((s) => s.close()),
    ]);
    await dropPrefix(prefix);
  });

  it('both instances serve the bootstrap composition', () => {
    expect(a.version()).toBe(1);
    expect(b.version()).toBe(1);
  });

  it('refuses the admin API without a valid token', async () => {
    const answer = await admin(a, null, '{ subgraphs { name } }');
    expect(answer.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await admin(a, 'not-a-token-at-all', '{ subgraphs { name } }')).errors?.[0]?.extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('registered on one gateway, approved by a second person, served by the other within 2 s', async () => {
    const registered = await admin(a, ALICE, REGISTER, {
      input: { name: 'housing', url: partner.url, department: 'housing-bureau', contact: 'housing-it@example.gov.cn' },
    });
    expect(registered.errors).toBeUndefined();
    expect(registered.data.registerSubgraph).toMatchObject({ revision: 1, status: 'PENDING' });
    expect(registered.data.registerSubgraph.findings).toEqual([]);

    const self = await admin(a, ALICE, APPROVE, { name: 'housing', revision: 1 });
    expect(self.errors?.[0]?.extensions?.code).toBe('REGISTRY_REFUSED');
    expect(self.errors?.[0]?.message).toMatch(/two-person rule/);

    const approved = await admin(a, BOB, APPROVE, { name: 'housing', revision: 1 });
    expect(approved.data.approveSubgraph).toEqual({ version: 2, live: true });
    const ms = await waitUntil(2000, async () => b.version() === 2 && !(await gql(as(b), HOUSING_QUERY)).errors);
    expect(ms).toBeLessThan(2000);
    const data = await gqlData(as(b), HOUSING_QUERY);
    for (const person of data.people.nodes) expect(person.housingSubsidies).toEqual(subsidiesOf(person.personKey));
  });

  it('refuses bad SDL, an unreachable URL and a disallowed host, leaving the live graph untouched', async () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ name: 'broken', url: partner.url, sdl: 'type Query { oops(' }, /SDL does not parse/],
      [{ name: 'offline', url: 'http://127.0.0.1:1/graphql' }, /unreachable/],
      [{ name: 'elsewhere', url: 'http://198.51.100.7/graphql' }, /not on the allowed list/],
      [{ name: 'sneaky', url: 'file:///etc/passwd' }, /scheme must be http or https/],
    ];
    for (const [input, message] of cases) {
      const answer = await admin(a, ALICE, REGISTER, {
        input: { department: 'housing-bureau', contact: 'x', ...input },
      });
      expect(answer.errors?.[0]?.extensions?.code).toBe('REGISTRY_REFUSED');
      expect(answer.errors?.[0]?.message).toMatch(message);
    }
    expect([a.version(), b.version()]).toEqual([2, 2]);
    expect((await admin(a, ALICE, '{ liveComposition { version } }')).data.liveComposition.version).toBe(2);
  });

  it('refuses a breaking change unless an admin forces it', async () => {
    const breaking = AMOUNT_AS_STRING;
    const registered = await admin(a, ALICE, REGISTER, {
      input: { name: 'housing', url: partner.url, sdl: breaking, department: 'housing-bureau', contact: 'x' },
    });
    expect(
      registered.data.registerSubgraph.findings.some(
        (f: any) => f.check === 'breaking-change' && /HousingSubsidy.amount/.test(f.message),
      ),
    ).toBe(true);
    const refused = await admin(b, BOB, APPROVE, { name: 'housing', revision: 2 });
    expect(refused.errors?.[0]?.message).toMatch(/cannot go live: FIELD_CHANGED_KIND: HousingSubsidy.amount/);
    expect(b.version()).toBe(2);
    const forced = await admin(b, BOB, APPROVE, { name: 'housing', revision: 2, force: true });
    expect(forced.data.approveSubgraph).toEqual({ version: 3, live: true });
    await waitUntil(2000, async () => a.version() === 3);
    const revision = (
      await admin(
        a,
        ALICE,
        '{ subgraph(name: "housing") { liveRevision revisions { revision status decidedBy reason } } }',
      )
    ).data.subgraph;
    expect(revision.liveRevision).toBe(2);
    expect(revision.revisions).toEqual([
      { revision: 1, status: 'RETIRED', decidedBy: 'bob', reason: null },
      { revision: 2, status: 'APPROVED', decidedBy: 'bob', reason: 'forced past breaking changes' },
    ]);
  });

  it('refuses a partner taking over another department’s field, unless that owner approves', async () => {
    // Built on what is live now (amount became a String with the forced change).
    const takeover = AMOUNT_AS_STRING.replace(
      '  personKey: ID!\n',
      '  personKey: ID!\n  idNumber: String! @override(from: "staffing")\n',
    );
    const vapor = await admin(a, ALICE, REGISTER, {
      input: { name: 'housing', url: partner.url, sdl: takeover, department: 'housing-bureau', contact: 'x' },
    });
    expect(vapor.errors?.[0]?.message).toMatch(/does not serve Person.idNumber/);
    takeoverPartner = await startPartnerSubgraph(takeover);
    const registered = await admin(a, ALICE, REGISTER, {
      input: { name: 'housing', url: takeoverPartner.url, sdl: takeover, department: 'housing-bureau', contact: 'x' },
    });
    const ownership = registered.data.registerSubgraph.findings.filter((f: any) => f.check === 'ownership');
    expect(ownership).toEqual([
      expect.objectContaining({
        owner: 'staffing-office',
        message: expect.stringMatching(/Person.idNumber overrides "staffing"/),
      }),
    ]);
    const refused = await admin(a, BOB, APPROVE, { name: 'housing', revision: 3, force: true });
    expect(refused.errors?.[0]?.message).toMatch(/Person.idNumber overrides "staffing"/);
    expect(a.version()).toBe(3);
    const wrongOwner = await admin(
      a,
      CAROL,
      `mutation { approveOwnership(name: "housing", revision: 3, department: "finance-bureau") { ownerApprovals } }`,
    );
    expect(wrongOwner.errors?.[0]?.message).toMatch(/takes no field owned by finance-bureau/);
    const owner = await admin(
      a,
      CAROL,
      `mutation { approveOwnership(name: "housing", revision: 3, department: "staffing-office") { ownerApprovals } }`,
    );
    expect(owner.data.approveOwnership.ownerApprovals).toEqual(['staffing-office']);
    const approval = await admin(a, BOB, APPROVE, { name: 'housing', revision: 3 });
    expect(approval.errors).toBeUndefined();
    expect(approval.data.approveSubgraph).toEqual({ version: 4, live: true });
    await waitUntil(2000, async () => b.version() === 4);
    const served = await gqlData(as(b), '{ people(first: 2) { nodes { idNumber } } }');
    expect(served.people.nodes.map((n: any) => n.idNumber)).toEqual(['110105194912310029', '110105194912310029']);
  });

  it('a shadowed field that does not compose is refused with the composition errors', async () => {
    const shadow = HOUSING_SDL.replace('  personKey: ID!\n', '  personKey: ID!\n  name: String!\n');
    shadowPartner = await startPartnerSubgraph(shadow);
    const answer = await admin(a, ALICE, REGISTER, {
      input: { name: 'housing', url: shadowPartner.url, sdl: shadow, department: 'housing-bureau', contact: 'x' },
    });
    expect(answer.errors?.[0]?.message).toMatch(/Person.name/);
    expect(answer.errors?.[0]?.extensions?.findings?.[0]?.check).toBe('composition');
  });

  it('rollback restores the earlier graph on every instance', async () => {
    const rolled = await admin(b, CAROL, `mutation { rollback(version: 1) { version live } }`);
    expect(rolled.data.rollback).toEqual({ version: 1, live: true });
    await waitUntil(2000, async () => a.version() === 1 && b.version() === 1);
    const answer = await gql(as(a), HOUSING_QUERY);
    expect(answer.errors?.[0]?.message).toMatch(/Cannot query field "housingSubsidies"/);
    const idNumbers = await gqlData(as(a), '{ people(first: 2) { nodes { idNumber } } }');
    expect(idNumbers.people.nodes.map((n: any) => n.idNumber)).not.toContain('110105194912310029');
    const versions = (await admin(a, ALICE, '{ compositions { version live reason } }')).data.compositions;
    expect(versions.map((c: any) => [c.version, c.live])).toEqual([
      [1, true],
      [2, false],
      [3, false],
      [4, false],
    ]);
    const events = (await admin(a, ALICE, '{ registryEvents(last: 20) { actor action subgraph revision version } }'))
      .data.registryEvents;
    expect(events.map((e: any) => `${e.action} ${e.subgraph ?? ''}`.trim())).toEqual([
      'bootstrap',
      'register housing',
      'approve housing',
      'register broken',
      'register offline',
      'register elsewhere',
      'register sneaky',
      'register housing',
      'approve housing',
      'register housing',
      'register housing',
      'owner-approve housing',
      'approve housing',
      'register housing',
      'rollback',
    ]);
    expect(events.find((e: any) => e.action === 'approve')).toMatchObject({
      actor: 'bob',
      subgraph: 'housing',
      revision: 1,
      version: 2,
    });
  });
});
