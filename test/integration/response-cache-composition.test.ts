import type { RunningServer } from '../../common/http-server';
import { MemoryRegistryStore } from '../../gateway/registry/memory-store';
import { DEFAULT_CALL_POLICY } from '../../gateway/resilience/call-policy';
import { startGatewayRuntime, type RunningGatewayRuntime } from '../../gateway/runtime';
import type { StartedSubgraph } from '../../subgraphs/common/run-subgraph';
import { caller, startTestRealm, testAccess, type TestRealm } from '../support/access';
import { mysqlStorage } from '../support/env';
import { gql } from '../support/graphql';
import { startPartnerSubgraph } from '../support/partner-subgraph';
import { shippedSpecs, startSubgraphs } from '../support/stack';
import { waitUntil } from '../support/wait';

const ORGS = '{ orgs(first: 5) { nodes { uscc name } } }';

/** A new composition starts from an empty response cache: nothing cached under the old graph is served by the new one. */
describe('response cache across compositions', () => {
  let subgraphs: Record<string, StartedSubgraph>;
  let partner: RunningServer;
  let realm: TestRealm;
  let gateway: RunningGatewayRuntime;

  beforeAll(async () => {
    subgraphs = await startSubgraphs(mysqlStorage, ['staffing']);
    partner = await startPartnerSubgraph();
    realm = await startTestRealm();
    gateway = await startGatewayRuntime({
      store: new MemoryRegistryStore(),
      policy: DEFAULT_CALL_POLICY,
      access: await testAccess(realm),
      allowedHosts: ['127.0.0.1'],
      adminTokens: '',
      host: '127.0.0.1',
      port: 0,
      bootstrap: () => shippedSpecs({ staffing: subgraphs['staffing']! }),
    });
  });
  afterAll(async () => {
    await gateway?.close();
    await Promise.all([partner?.close(), realm?.close(), ...Object.values(subgraphs ?? {}).map((s) => s.close())]);
  });

  it('caches reference data under one composition and reads it fresh after a new one is approved', async () => {
    const officer = caller(gateway.url, await realm.mint({ user: 'cache.composition', roles: ['staffing-officer'], region: '320000' }));
    const calls = async () => {
      const before = subgraphs['staffing']!.requests.count;
      const answer = await gql(officer, ORGS);
      expect(answer.errors).toBeUndefined();
      return { answer, calls: subgraphs['staffing']!.requests.count - before };
    };
    const first = await calls();
    expect(first.calls).toBe(1);
    expect((await calls()).calls).toBe(0);

    await gateway.registry.register({ name: 'housing', url: partner.url, department: 'housing-bureau', contact: 'x' }, 'alice');
    await gateway.registry.approve('housing', 1, 'bob');
    await waitUntil(5000, () => gateway.version() === 2);
    const after = await calls();
    expect(after.calls).toBe(1);
    expect(after.answer).toEqual(first.answer);
    expect((await calls()).calls).toBe(0);
  });
});
