import { freePort } from '../../common/free-port';
import type { RegistryGateway } from '../../gateway/create-gateway';
import type { StartedSubgraph } from '../../subgraphs/common/run-subgraph';
import { caller, startTestRealm, testAccess, testAccessConfig, type TestRealm } from '../support/access';
import { mysqlStorage } from '../support/env';
import { gql } from '../support/graphql';
import { startRegistryGateway } from '../support/registry-stack';
import { shippedSpecs, startSubgraphs } from '../support/stack';
import { waitUntil } from '../support/wait';

/**
 * Ready means ready: the gateway loads its realm's keys once it listens, and /readyz answers 503 with
 * the reason until they are loaded; once it answers 200, the first request with a valid token passes.
 */
describe('security: /readyz is 200 only once tokens can be verified', () => {
  let realm: TestRealm;
  let staffing: StartedSubgraph;
  const gateways: RegistryGateway[] = [];

  const start = async (keycloakUrl: string) => {
    const access = await testAccess(realm, { keycloak: { ...testAccessConfig(realm).keycloak, url: keycloakUrl } });
    const gateway = await startRegistryGateway(access, { bootstrap: () => shippedSpecs({ staffing }) });
    gateways.push(gateway);
    return gateway;
  };
  const readyz = async (gateway: RegistryGateway) => {
    const response = await fetch(gateway.url.replace('/graphql', '/readyz'));
    return { status: response.status, tokens: ((await response.json()) as { tokens?: string }).tokens };
  };

  beforeAll(async () => {
    realm = await startTestRealm();
    staffing = (await startSubgraphs(mysqlStorage, ['staffing']))['staffing']!;
  });
  afterAll(async () => {
    await Promise.all(gateways.map((g) => g.close()));
    await Promise.all([realm.close(), staffing.close()]);
  });

  it('with the realm reachable: ready once its keys are in, and the very first token passes', async () => {
    const gateway = await start(realm.url);
    await waitUntil(10_000, async () => (await readyz(gateway)).status === 200);
    expect(await readyz(gateway)).toEqual({ status: 200, tokens: 'verifiable' });
    const token = await realm.mint({ user: 'first.caller', roles: ['staffing-officer'], region: '320000' });
    const first = await gql(caller(gateway.url, token), '{ orgs(first: 1) { totalCount } }');
    expect(first.errors).toBeUndefined();
  });

  it('with the realm unreachable: not ready, and /readyz says why', async () => {
    const gateway = await start(`http://127.0.0.1:${await freePort()}`);
    await waitUntil(10_000, async () => /realm keys not loaded: /.test((await readyz(gateway)).tokens ?? ''));
    expect((await readyz(gateway)).status).toBe(503);
  });
});
