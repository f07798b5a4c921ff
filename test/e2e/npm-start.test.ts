import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import type { Manifest } from '../../subgraphs/seed/manifest';
import { gql, gqlData } from '../support/graphql';
import { devLogin, sqliteRows as rows, spawnStack, type SpawnedStack } from '../support/spawned-stack';
import { waitUntil } from '../support/wait';

/**
 * The quick start as a newcomer runs it: `npm start` with no database server (embedded store, demo
 * data seeded on first run), a query spanning staffing, finance, civil affairs, activity and audit,
 * checked against plain SQL on the SQLite files; then Ctrl-C stops every process.
 */
describe('npm start (embedded store)', () => {
  let stack: SpawnedStack;

  beforeAll(async () => {
    stack = await spawnStack();
  }, 180_000);

  afterAll(() => {
    if (stack?.child.exitCode === null) stack.child.kill('SIGKILL');
    if (stack) rmSync(stack.dataDir, { recursive: true, force: true });
  });

  it('seeded demo data on first run and printed the URLs and an example query', () => {
    expect(stack.output()).toMatch(/first run: seeding demo data/);
    expect(stack.output()).toMatch(
      /try: TOKEN=\$\(npm run -s token -- --user \S+ --roles supervisor --region 320000\)/,
    );
    expect(stack.output()).toMatch(/curl -s http:\/\/127\.0\.0\.1:\d+\/graphql -H "authorization: Bearer \$TOKEN"/);
  });

  it('answers a query spanning staffing, finance, civil affairs, activity and audit, as SQL on the files does', async () => {
    const { gatewayUrl, dataDir } = stack;
    const manifest = JSON.parse(
      readFileSync(join(dataDir, 'ground-truth', 'govgraph_sqlite.json'), 'utf8'),
    ) as Manifest;
    const planted = manifest.anomalies.PUBLIC_EMPLOYEE_ON_RELIEF[0]!;
    // Log in as Keycloak clients do: the password grant of the dev realm the gateway serves.
    const token = await devLogin(gatewayUrl, 'supervisor.province');
    const supervisor = {
      url: gatewayUrl,
      headers: { authorization: `Bearer ${token}`, 'x-govgraph-purpose': 'JC-2026-0001; e2e check' },
    };
    const anonymous = await gql(gatewayUrl, `{ people(first: 1) { totalCount } }`);
    expect(anonymous.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN_FIELD']);
    const data = await gqlData(
      supervisor,
      `query ($key: ID) {
      person(personKey: $key) {
        name org { uscc name }
        payrollLines { month gross }
        reliefMemberships { relation household { regionCode } }
        workRecords(first: 100) { totalCount }
      }
      findings(first: 1) { totalCount }
    }`,
      { key: planted.personKey },
    );

    const [staffing, finance, civil, activity, audit] = await Promise.all(
      ['staffing', 'finance', 'civil_affairs', 'activity', 'audit'].map((name) => stack.database(name)),
    );
    const [person] = rows(
      staffing!,
      'SELECT p.name, o.uscc, o.name org_name FROM person p JOIN org o ON o.id = p.org_id WHERE p.person_key = ?',
      [planted.personKey],
    );
    const lines = rows(finance!, 'SELECT month, gross FROM payroll_line WHERE person_key = ? ORDER BY id', [
      planted.personKey,
    ]);
    const memberships = rows(
      civil!,
      'SELECT m.relation, h.region_code FROM household_member m JOIN household h ON h.id = m.household_id WHERE m.person_key = ? ORDER BY m.id',
      [planted.personKey],
    );
    const [records] = rows(activity!, 'SELECT COUNT(*) n FROM work_record WHERE person_key = ?', [planted.personKey]);
    const [findings] = rows(audit!, 'SELECT COUNT(*) n FROM finding');

    expect(lines.length).toBeGreaterThan(0);
    expect(memberships.length).toBeGreaterThan(0);
    expect(data.person).toEqual({
      name: person!['name'],
      org: { uscc: person!['uscc'], name: person!['org_name'] },
      payrollLines: lines.map((l) => ({ month: l['month'], gross: l['gross'] })),
      reliefMemberships: memberships.map((m) => ({
        relation: m['relation'],
        household: { regionCode: m['region_code'] },
      })),
      workRecords: { totalCount: records!['n'] },
    });
    expect(data.findings.totalCount).toBe(findings!['n']);
  });

  it('a crashed subgraph is restarted while the gateway keeps answering the rest, with SUBGRAPH_UNAVAILABLE for it', async () => {
    const { gatewayUrl, dataDir } = stack;
    const manifest = JSON.parse(
      readFileSync(join(dataDir, 'ground-truth', 'govgraph_sqlite.json'), 'utf8'),
    ) as Manifest;
    const token = await devLogin(gatewayUrl, 'supervisor.province');
    const supervisor = {
      url: gatewayUrl,
      headers: { authorization: `Bearer ${token}`, 'x-govgraph-purpose': 'JC-2026-0001; e2e check' },
    };
    const query = `query ($key: ID) { person(personKey: $key) { name workRecords(first: 1) { totalCount } } }`;
    const variables = { key: manifest.anomalies.PUBLIC_EMPLOYEE_ON_RELIEF[0]!.personKey };
    const before = await gqlData(supervisor, query, variables);

    const pid = Number(/activity started \(pid (\d+)\)/.exec(stack.output())![1]);
    process.kill(pid, 'SIGKILL');
    await waitUntil(10_000, () => /activity exited \(signal SIGKILL\); restarting in 1 s/.test(stack.output()));
    const during = await gql(supervisor, query, variables);
    expect(during.data?.person?.name).toBe(before.person.name);
    expect(during.errors?.map((e) => [e.path?.join('.'), e.extensions?.code])).toEqual([
      ['person.workRecords', 'SUBGRAPH_UNAVAILABLE'],
    ]);

    await waitUntil(60_000, async () => {
      const pids = [...stack.output().matchAll(/activity started \(pid (\d+)\)/g)].map((m) => Number(m[1]));
      return pids.length === 2 && pids[1] !== pid && !(await gql(supervisor, query, variables)).errors;
    });
    expect(await gqlData(supervisor, query, variables)).toEqual(before);
    expect(stack.child.exitCode).toBeNull();
  }, 90_000);

  it('stops every process on Ctrl-C', async () => {
    const exited = new Promise<number | null>((resolve) => stack.child.once('exit', resolve));
    stack.child.kill('SIGINT');
    expect(await exited).toBe(0);
    for (const url of [stack.gatewayUrl, ...stack.subgraphUrls]) {
      await expect(fetch(url, { signal: AbortSignal.timeout(2000) })).rejects.toThrow();
    }
  }, 30_000);
});
