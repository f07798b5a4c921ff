import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { devLogin, sqliteRows as rows, spawnStack, type SpawnedStack } from '../../stack/spawned-stack';
import type { Manifest } from '../../subgraphs/seed/manifest';
import { gql, gqlData } from '../support/graphql';
import { waitUntil } from '../support/wait';

const run = promisify(execFile);

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

  it('the gateway killed (SIGKILL) in the middle of sensitive reads: restarted, its access log whole, every answer that left recorded', async () => {
    const token = await devLogin(stack.gatewayUrl, 'supervisor.province');
    const supervisor = {
      url: stack.gatewayUrl,
      headers: { authorization: `Bearer ${token}`, 'x-govgraph-purpose': 'JC-2026-0002; kill test' },
    };
    const pid = Number(/gateway started \(pid (\d+)\)/.exec(stack.output())![1]);
    const answered: string[] = [];
    let n = 0;
    let killedAt = Infinity;
    const client = async () => {
      while (Date.now() < killedAt + 500) {
        const name = `Killed${n++}`; // a name of its own: its record is found by it
        const answer = await gql(
          supervisor,
          `query ${name} { people(first: 2) { nodes { personKey idNumber } } }`,
        ).catch(() => null);
        const nodes = (answer?.data as { people?: { nodes: Array<{ idNumber: unknown }> } } | undefined)?.people?.nodes;
        if (nodes?.length === 2 && nodes.every((p) => typeof p.idNumber === 'string')) answered.push(name);
      }
    };
    const kill = (async () => {
      await waitUntil(20_000, () => answered.length >= 20);
      killedAt = Date.now();
      process.kill(pid, 'SIGKILL');
    })();
    await Promise.all([client(), client(), client(), client(), kill]);
    await waitUntil(10_000, () => /gateway exited \(signal SIGKILL\); restarting/.test(stack.output()));
    // Ready again (a public question, so nothing more is written while the file is read below).
    await waitUntil(
      60_000,
      async () => !(await gql(stack.gatewayUrl, '{ regions { code } }').catch(() => null))?.errors,
    );

    const db = await stack.database('gateway');
    const logged = rows(db, `SELECT operation_name FROM access_log WHERE operation_name LIKE 'Killed%'`).map(
      (r) => r['operation_name'] as string,
    );
    expect(answered.length).toBeGreaterThanOrEqual(20);
    expect(logged).toEqual(expect.arrayContaining(answered));
    expect(new Set(logged).size).toBe(logged.length);
    const seqs = rows(db, 'SELECT seq FROM access_log ORDER BY seq').map((r) => Number(r['seq']));
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    db.close();
    const verified = await run(process.execPath, ['scripts/run.js', 'gateway/cli/audit', 'verify'], {
      cwd: join(__dirname, '..', '..'),
      env: { ...process.env, DATA_DIR: stack.dataDir, DATABASE_URL: '' },
    });
    expect(verified.stdout).toMatch(/^ok: \d+ records/);
  }, 120_000);

  it('stops every process on Ctrl-C', async () => {
    const exited = new Promise<number | null>((resolve) => stack.child.once('exit', resolve));
    stack.child.kill('SIGINT');
    expect(await exited).toBe(0);
    for (const url of [stack.gatewayUrl, ...stack.subgraphUrls]) {
      await expect(fetch(url, { signal: AbortSignal.timeout(2000) })).rejects.toThrow();
    }
  }, 30_000);
});
