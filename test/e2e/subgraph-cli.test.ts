import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

import type { RunningServer } from '../../common/http-server';
import { MemoryRegistryStore } from '../../gateway/control/registry/memory-store';
import { createGateway, type RegistryGateway } from '../../gateway/create-gateway';
import { DEFAULT_CALL_POLICY } from '../../gateway/request/resilience/call-policy';
import type { StartedSubgraph } from '../../subgraphs/common/run-subgraph';
import { startPartnerSubgraph, subsidiesOf } from '../../subgraphs/partner-example/housing-subgraph';
import { caller, INSPECTION_PURPOSE, startTestRealm, testAccess, type TestRealm } from '../support/access';
import { mysqlStorage } from '../support/env';
import { gql, gqlData } from '../support/graphql';
import { shippedSpecs, startSubgraphs } from '../support/stack';

const run = promisify(execFile);
const root = join(__dirname, '..', '..');

/**
 * A partner department registers its system with `npm run subgraph`, a second admin approves it, and
 * the graph serves it; then a rollback. The gateway runs the embedded (in-process) registry.
 */
describe('npm run subgraph (registry CLI)', () => {
  let subgraphs: Record<string, StartedSubgraph>;
  let partner: RunningServer;
  let gateway: RegistryGateway;
  let realm: TestRealm;
  let token: string;

  const cli = async (token: string, ...args: string[]) => {
    try {
      const { stdout } = await run(process.execPath, ['scripts/run.js', 'gateway/cli/subgraph', ...args], {
        cwd: root,
        env: { ...process.env, GATEWAY_URL: gateway.url.replace('/graphql', ''), REGISTRY_ADMIN_TOKEN: token },
      });
      return { code: 0, stdout, stderr: '' };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

  beforeAll(async () => {
    subgraphs = await startSubgraphs(mysqlStorage);
    partner = await startPartnerSubgraph();
    realm = await startTestRealm();
    token = await realm.mint({ user: 'test.supervisor', roles: ['supervisor'], region: '320000' });
    gateway = await createGateway({
      source: {
        registry: {
          store: new MemoryRegistryStore(),
          allowedHosts: ['127.0.0.1'],
          adminTokens: 'dana:dana-token-0123456789,eli:eli-token-0123456789',
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
    await Promise.all([
      gateway?.close(),
      partner?.close(),
      realm?.close(),
      ...Object.values(subgraphs ?? {}).map((s) => s.close()),
    ]);
  });

  it('registers, refuses self-approval, approves, lists, and rolls back', async () => {
    const registered = await cli(
      'dana-token-0123456789',
      'register',
      '--name',
      'housing',
      '--url',
      partner.url,
      '--department',
      'housing-bureau',
      '--contact',
      'it@housing.example',
    );
    expect(registered.code).toBe(0);
    expect(JSON.parse(registered.stdout)).toMatchObject({ name: 'housing', revision: 1, status: 'PENDING' });

    const self = await cli('dana-token-0123456789', 'approve', 'housing', '--revision', '1');
    expect(self.code).toBe(1);
    expect(self.stderr).toMatch(/subgraph: two-person rule: dana registered housing r1/);

    const approved = await cli('eli-token-0123456789', 'approve', 'housing', '--revision', '1');
    expect(JSON.parse(approved.stdout)).toMatchObject({ version: 2, live: true, createdBy: 'eli' });
    const data = await gqlData(
      caller(gateway.url, token, INSPECTION_PURPOSE),
      '{ people(first: 5) { nodes { personKey housingSubsidies { amount } } } }',
    );
    for (const p of data.people.nodes)
      expect(p.housingSubsidies.map((s: { amount: number }) => s.amount)).toEqual(
        subsidiesOf(p.personKey).map((s) => s.amount),
      );

    const list = JSON.parse((await cli('dana-token-0123456789', 'list')).stdout) as Array<{
      name: string;
      liveRevision: number;
    }>;
    expect(list.find((s) => s.name === 'housing')).toMatchObject({ liveRevision: 1 });

    const rolled = await cli('eli-token-0123456789', 'rollback', '1');
    expect(JSON.parse(rolled.stdout)).toMatchObject({ version: 1, live: true });
    expect(
      (
        await gql(
          caller(gateway.url, token, INSPECTION_PURPOSE),
          '{ people(first: 1) { nodes { housingSubsidies { amount } } } }',
        )
      ).errors?.[0]?.message,
    ).toMatch(/Cannot query field "housingSubsidies"/);
  }, 60_000);

  it('says clearly when the token is wrong or missing', async () => {
    const wrong = await cli('not-anyones-token-000', 'list');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/needs a valid admin bearer token/);
    expect(wrong.stderr).not.toMatch(/\n\s+at /);
    const missing = await cli('', 'list');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/set REGISTRY_ADMIN_TOKEN/);
  });
});
