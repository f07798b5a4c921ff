import { DEV_SIGNING_SECRET } from '../../common/gateway-signature';
import { fetchSubgraphSdl } from '../../gateway/control/composition/fetch-sdl';
import { MemoryRegistryStore } from '../../gateway/control/registry/memory-store';
import type { RegistrySource } from '../../gateway/control/reload/registry-graph';
import type { RegistryGateway } from '../../gateway/create-gateway';
import { DEFAULT_CALL_POLICY } from '../../gateway/request/resilience/call-policy';
import type { StartedSubgraph } from '../../subgraphs/common/run-subgraph';
import { caller, startTestRealm, testAccess, type TestRealm } from '../support/access';
import { mysqlStorage } from '../support/env';
import { gql } from '../support/graphql';
import { startRegistryGateway } from '../support/registry-stack';
import { shippedSpecs, startSubgraphs } from '../support/stack';

const QUERY = '{ orgs(first: 1) { totalCount } }';

/**
 * A gateway started again after its subgraphs moved (other ports, other hosts): the addresses given at
 * start (SUBGRAPH_<NAME>_URL) win over those the stored composition was made with, in a composition
 * that says so; an address where another schema answers refuses the start with the reason.
 */
describe('subgraph addresses given at start win over the stored composition', () => {
  const store = new MemoryRegistryStore();
  let realm: TestRealm;
  let finance: StartedSubgraph;
  const opened: RegistryGateway[] = [];

  const start = async (registry: Partial<RegistrySource>) => {
    const gateway = await startRegistryGateway(
      await testAccess(realm),
      { store, ...registry },
      { ...DEFAULT_CALL_POLICY, retries: 0 },
    );
    opened.push(gateway);
    return gateway;
  };
  /** staffing at `url`, with the schema that answers there (as the system `servedBy` signs for it). */
  const movedTo =
    (url: string, servedBy = 'staffing') =>
    () => [
      {
        name: 'staffing',
        url,
        sdl: () => fetchSubgraphSdl({ name: servedBy, url, federated: true }, DEV_SIGNING_SECRET),
        variable: 'SUBGRAPH_STAFFING_URL',
      },
    ];

  beforeAll(async () => {
    realm = await startTestRealm();
    finance = (await startSubgraphs(mysqlStorage, ['finance']))['finance']!;
  });
  afterAll(async () => {
    await Promise.all(opened.map((g) => g.close()));
    await Promise.all([realm.close(), finance.close()]);
  });

  it('a moved subgraph is served at its new address, in a new composition that names the move', async () => {
    const first = (await startSubgraphs(mysqlStorage, ['staffing']))['staffing']!;
    const before = await start({ bootstrap: () => shippedSpecs({ staffing: first, finance }) });
    const token = await realm.mint({ user: 'officer', roles: ['staffing-officer'], region: '320000' });
    const answered = await gql(caller(before.url, token), QUERY);
    expect(answered.errors).toBeUndefined();
    await before.close();
    await first.close();

    const moved = (await startSubgraphs(mysqlStorage, ['staffing']))['staffing']!;
    try {
      expect(moved.url).not.toBe(first.url);
      const after = await start({ configuredAddresses: movedTo(moved.url) });
      expect(after.version()).toBe(2);
      expect(await gql(caller(after.url, token), QUERY)).toEqual(answered);
      const [event] = await store.events(1);
      expect(event).toMatchObject({ action: 'readdress', actor: 'configuration', version: 2 });
      expect(event!.detail).toBe(`staffing ${first.url} → ${moved.url}`);
      const composition = (await store.composition(2))!;
      expect(composition.subgraphs.find((s) => s.name === 'staffing')!.url).toBe(moved.url);
      expect(composition.subgraphs.find((s) => s.name === 'finance')!.url).toBe(finance.url);

      // the same addresses again change nothing, and a subgraph that did not move is not even asked
      // (one that is down does not hold the start up)
      await after.close();
      let asked = 0;
      const unchanged = () => [
        {
          name: 'staffing',
          url: moved.url,
          variable: 'SUBGRAPH_STAFFING_URL',
          sdl: async () => {
            asked++;
            throw new Error('down');
          },
        },
      ];
      expect((await start({ configuredAddresses: unchanged })).version()).toBe(2);
      expect(asked).toBe(0);
    } finally {
      await moved.close();
    }
  });

  it('an address where another schema answers refuses the start, and the registry is unchanged', async () => {
    const live = (await store.read()).live;
    await expect(start({ configuredAddresses: movedTo(finance.url, 'finance') })).rejects.toThrow(
      new RegExp(`SUBGRAPH_STAFFING_URL=${finance.url}: what answers there serves another schema than staffing r2`),
    );
    expect((await store.read()).live).toBe(live);
  });
});
