import { createConnection } from 'mysql2/promise';

import type { RunningServer } from '../../common/http-server';
import { RegistryHistory } from '../../gateway/control/history/registry-history';
import { RedisRegistryStore } from '../../gateway/control/registry/redis-store';
import { createGateway, type RegistryGateway } from '../../gateway/create-gateway';
import { DEFAULT_CALL_POLICY } from '../../gateway/request/resilience/call-policy';
import type { StartedSubgraph } from '../../subgraphs/common/run-subgraph';
import { startPartnerSubgraph } from '../../subgraphs/partner-example/housing-subgraph';
import { caller, INSPECTION_PURPOSE, startTestRealm, testAccess, type TestRealm } from '../support/access';
import { mysqlStorage, TEST_MYSQL_URL, TEST_PREFIX } from '../support/env';
import { gqlData } from '../support/graphql';
import { SqlOracle } from '../support/mysql';
import { dropPrefix, TEST_REDIS_URL, testPrefix } from '../support/redis';
import { shippedSpecs, startSubgraphs } from '../support/stack';
import { waitUntil } from '../support/wait';

const gatewayDb = `${TEST_PREFIX}gateway`;

/**
 * The registry's history in the gateway's MySQL database: every composition and event recorded
 * before Redis commits; a registry whose Redis lost everything comes back from it; and when the
 * history cannot be written, the registry does not change.
 */
describe('registry history (MySQL)', () => {
  const prefix = testPrefix();
  const sql = new SqlOracle();
  let subgraphs: Record<string, StartedSubgraph>;
  let partner: RunningServer;
  let gateway: RegistryGateway | undefined;
  let realm: TestRealm;

  const start = async (history: RegistryHistory) =>
    createGateway({
      source: {
        registry: {
          store: await RedisRegistryStore.connect(TEST_REDIS_URL, prefix),
          history,
          allowedHosts: ['127.0.0.1'],
          adminTokens: '',
          bootstrap: () => shippedSpecs(subgraphs),
        },
      },
      calls: DEFAULT_CALL_POLICY,
      access: await testAccess(realm),
      host: '127.0.0.1',
      port: 0,
    });

  beforeAll(async () => {
    const admin = await createConnection({ uri: TEST_MYSQL_URL });
    await admin.query(`DROP DATABASE IF EXISTS \`${gatewayDb}\``);
    await admin.end();
    subgraphs = await startSubgraphs(mysqlStorage);
    partner = await startPartnerSubgraph();
    realm = await startTestRealm();
  }, 60_000);

  afterAll(async () => {
    await gateway?.close();
    await Promise.all([partner?.close(), realm?.close(), ...Object.values(subgraphs ?? {}).map((s) => s.close())]);
    await dropPrefix(prefix);
    await sql[Symbol.asyncDispose]();
  });

  it('records every composition and event, and restores a registry whose Redis lost its data', async () => {
    gateway = await start(await RegistryHistory.open(mysqlStorage));
    await gateway.registry.register(
      { name: 'housing', url: partner.url, department: 'housing-bureau', contact: 'x' },
      'alice',
    );
    await gateway.registry.approve('housing', 1, 'bob');
    // The instance learns of the new composition as every instance does (pub/sub), and then builds it.
    await waitUntil(5000, () => gateway!.version() === 2);

    const compositions = await sql.rows<{ version: number; created_by: string }>(
      `SELECT version, created_by FROM ${gatewayDb}.composition_version ORDER BY version`,
    );
    expect(compositions).toEqual([
      { version: 1, created_by: 'bootstrap' },
      { version: 2, created_by: 'bob' },
    ]);
    const events = await sql.rows<{ actor: string; action: string; subgraph: string | null; version: number | null }>(
      `SELECT actor, action, subgraph, version FROM ${gatewayDb}.registry_event ORDER BY id`,
    );
    expect(events).toEqual([
      { actor: 'bootstrap', action: 'bootstrap', subgraph: null, version: 1 },
      { actor: 'alice', action: 'register', subgraph: 'housing', version: null },
      { actor: 'bob', action: 'approve', subgraph: 'housing', version: 2 },
    ]);

    await gateway.close();
    await dropPrefix(prefix); // Redis loses everything
    gateway = await start(await RegistryHistory.open(mysqlStorage));
    expect(gateway.version()).toBe(2);
    const token = await realm.mint({ user: 'test.supervisor', roles: ['supervisor'], region: '320000' });
    const served = await gqlData(
      caller(gateway.url, token, INSPECTION_PURPOSE),
      '{ people(first: 3) { nodes { housingSubsidies { amount } } } }',
    );
    expect(served.people.nodes).toHaveLength(3);
    const actions = (
      await sql.rows<{ action: string }>(`SELECT action FROM ${gatewayDb}.registry_event ORDER BY id`)
    ).map((e) => e.action);
    expect(actions).toEqual(['bootstrap', 'register', 'approve', 'restore']);
    expect((await gateway.registry.rollback(1, 'carol')).version).toBe(1);
  }, 60_000);

  it('refuses a registry change it cannot record, and leaves the registry as it was', async () => {
    const store = await RedisRegistryStore.connect(TEST_REDIS_URL, prefix);
    const before = await store.read();
    const history = await RegistryHistory.open(mysqlStorage);
    await history.close(); // the history database is gone
    const second = await start(history);
    expect(second.version()).toBe(before.live);
    await expect(second.registry.rollback(2, 'carol')).rejects.toThrow();
    expect(await store.read()).toEqual(before);
    await second.close().catch(() => undefined);
    await store.close();
  }, 30_000);
});
