import type { RunningServer } from '../../common/http-server';
import { MemoryRegistryStore } from '../../gateway/control/registry/memory-store';
import { createGateway, type RegistryGateway } from '../../gateway/create-gateway';
import { DEFAULT_CALL_POLICY } from '../../gateway/request/resilience/call-policy';
import type { StartedSubgraph } from '../../subgraphs/common/run-subgraph';
import { HOUSING_SDL, startPartnerSubgraph } from '../../subgraphs/partner-example/housing-subgraph';
import { caller, INSPECTION_PURPOSE, startTestRealm, testAccess, type TestRealm } from '../support/access';
import { mysqlStorage, testDb } from '../support/env';
import { gqlData } from '../support/graphql';
import { SqlOracle } from '../support/mysql';
import { shippedSpecs, startSubgraphs } from '../support/stack';

const PARTNER = 'partner-token-0123456789';
const REVIEWER = 'reviewer-token-0123456789';
const REGISTER = `mutation ($input: RegisterSubgraphInput!) { registerSubgraph(input: $input) { revision findings { check severity message owner } } }`;
const APPROVE = `mutation ($name: String!, $revision: Int!) { approveSubgraph(name: $name, revision: $revision, force: true) { version } }`;

/**
 * A partner department's subgraph trying to serve 身份证号 (Person.idNumber), owned by the staffing
 * office: by @override, by shadowing it, or by a field it does not grade. Each attempt is refused
 * before anything goes live, and the graph keeps answering the staffing office's own values.
 */
describe('security: a partner subgraph trying to serve Person.idNumber', () => {
  const sql = new SqlOracle();
  const partners: RunningServer[] = [];
  let subgraphs: Record<string, StartedSubgraph>;
  let realm: TestRealm;
  let gateway: RegistryGateway;
  let supervisor: string;

  const admin = async (token: string, query: string, variables: Record<string, unknown>) => {
    const response = await fetch(gateway.url.replace('/graphql', '/admin/graphql'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as { data?: any; errors?: Array<{ message: string; extensions?: any }> };
  };
  const register = async (name: string, sdl: string) => {
    const partner = await startPartnerSubgraph(sdl);
    partners.push(partner);
    return admin(PARTNER, REGISTER, {
      input: { name, url: partner.url, sdl, department: 'housing-bureau', contact: 'housing-it@example.gov.cn' },
    });
  };
  /** The ID numbers the graph serves, checked against the staffing database each time. */
  const expectStaffingIdNumbers = async () => {
    const served = await gqlData(
      caller(gateway.url, supervisor, INSPECTION_PURPOSE),
      '{ people(first: 3) { nodes { idNumber } } }',
    );
    const expected = await sql.rows<{ id_number: string }>(
      `SELECT id_number FROM ${testDb('staffing')}.person ORDER BY id LIMIT 3`,
    );
    expect(served.people.nodes.map((n: any) => n.idNumber)).toEqual(expected.map((e) => e.id_number));
  };

  beforeAll(async () => {
    subgraphs = await startSubgraphs(mysqlStorage);
    realm = await startTestRealm();
    supervisor = await realm.mint({ user: 'test.supervisor', roles: ['supervisor'], region: '320000' });
    gateway = await createGateway({
      source: {
        registry: {
          store: new MemoryRegistryStore(),
          allowedHosts: ['127.0.0.1'],
          adminTokens: `partner:${PARTNER},reviewer:${REVIEWER}`,
          bootstrap: () => shippedSpecs(subgraphs),
        },
      },
      calls: DEFAULT_CALL_POLICY,
      access: await testAccess(realm),
      host: '127.0.0.1',
      port: 0,
    });
  }, 60_000);
  afterAll(async () => {
    await gateway?.close();
    await Promise.all([
      ...partners.map((p) => p.close()),
      realm?.close(),
      ...Object.values(subgraphs ?? {}).map((s) => s.close()),
    ]);
    await sql[Symbol.asyncDispose]();
  });

  it('@override(from: "staffing") on idNumber is an ownership finding; even a forced approval is refused without the owner', async () => {
    const sdl = HOUSING_SDL.replace(
      '  personKey: ID!\n',
      '  personKey: ID!\n  idNumber: String! @override(from: "staffing") @classified(level: "RESTRICTED")\n',
    );
    const registered = await register('housing-override', sdl);
    expect(registered.data?.registerSubgraph.findings).toEqual([
      expect.objectContaining({
        check: 'ownership',
        severity: 'approval',
        owner: 'staffing-office',
        message: expect.stringMatching(/Person\.idNumber overrides "staffing"/),
      }),
    ]);
    const approved = await admin(REVIEWER, APPROVE, { name: 'housing-override', revision: 1 });
    expect(approved.errors?.[0]?.extensions?.code).toBe('REGISTRY_REFUSED');
    expect(gateway.version()).toBe(1);
    await expectStaffingIdNumbers();
  });

  it('shadowing idNumber without @override does not compose and is refused at registration', async () => {
    const sdl = HOUSING_SDL.replace(
      '  personKey: ID!\n',
      '  personKey: ID!\n  idNumber: String! @classified(level: "PUBLIC")\n',
    );
    const registered = await register('housing-shadow', sdl);
    expect(registered.errors?.[0]?.extensions?.code).toBe('REGISTRY_REFUSED');
    expect(registered.errors?.[0]?.extensions?.findings?.[0]?.check).toBe('composition');
    expect(registered.errors?.[0]?.message).toMatch(/idNumber/);
    expect(gateway.version()).toBe(1);
    await expectStaffingIdNumbers();
  });

  it('a new field without a grade is refused: it would otherwise be served with a grade nobody chose', async () => {
    const sdl = HOUSING_SDL.replace('  personKey: ID!\n', '  personKey: ID!\n  holderIdNumber: String\n');
    const registered = await register('housing-ungraded', sdl);
    expect(registered.errors?.[0]?.extensions?.code).toBe('REGISTRY_REFUSED');
    expect(registered.errors?.[0]?.extensions?.findings).toEqual([
      expect.objectContaining({
        check: 'classification',
        severity: 'error',
        message: expect.stringMatching(/Person\.holderIdNumber/),
      }),
    ]);
    expect(gateway.version()).toBe(1);
  });

  it('a new field in no data resource is refused, and so is a resource declared for another department', async () => {
    const unlisted = HOUSING_SDL.replace(
      '  personKey: ID!\n',
      '  personKey: ID!\n  housingLoans: [HousingLoan!] @classified(level: "INTERNAL")\n',
    ).concat('type HousingLoan {\n  bank: String! @classified(level: "INTERNAL")\n}\n');
    const registered = await register('housing-unlisted', unlisted);
    expect(registered.errors?.[0]?.extensions?.code).toBe('REGISTRY_REFUSED');
    expect(registered.errors?.[0]?.extensions?.findings).toEqual([
      expect.objectContaining({
        check: 'catalog',
        severity: 'error',
        message: expect.stringMatching(/1 field\(s\) belong to no data resource .*: HousingLoan\.bank$/),
      }),
    ]);
    // Person.housingLoans is taken by the type's @dataResource: only HousingLoan.bank is named.
    const foreign = HOUSING_SDL.replace('owner: "housing-bureau"', 'owner: "civil-affairs-bureau"');
    const claimed = await register('housing-foreign', foreign);
    expect(claimed.errors?.[0]?.extensions?.findings).toEqual([
      expect.objectContaining({
        check: 'catalog',
        message:
          '@dataResource housing.subsidies names civil-affairs-bureau as its owner; the registering department is housing-bureau',
      }),
    ]);
    expect(gateway.version()).toBe(1);
  });
});
