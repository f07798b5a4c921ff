import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import initSqlJs, { type Database } from 'sql.js';
import { SUBGRAPH_NAMES } from '../../common/subgraph-catalog';
import type { Manifest } from '../../subgraphs/seed/manifest';
import { freePort } from '../support/free-port';
import { gql, gqlData } from '../support/graphql';

const root = join(__dirname, '..', '..');

/**
 * The quick start as a newcomer runs it: `npm start` with no database server (embedded store, demo
 * data seeded on first run), a query spanning staffing, finance, civil affairs, activity and audit,
 * checked against plain SQL on the SQLite files; then Ctrl-C stops every process.
 */
describe('npm start (embedded store)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'govgraph-e2e-'));
  let child: ChildProcess;
  let output = '';
  let gatewayUrl = '';
  const subgraphUrls: string[] = [];
  const open = async (name: string): Promise<Database> => {
    const SQL = await initSqlJs();
    return new SQL.Database(readFileSync(join(dataDir, `govgraph_${name}.sqlite`)));
  };
  const rows = (db: Database, sql: string, params: (string | number)[] = []) => {
    const statement = db.prepare(sql);
    statement.bind(params);
    const result: Record<string, unknown>[] = [];
    while (statement.step()) result.push(statement.getAsObject());
    statement.free();
    return result;
  };

  beforeAll(async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', GATEWAY_PORT: String(await freePort()) };
    for (const name of SUBGRAPH_NAMES) {
      const url = `http://127.0.0.1:${await freePort()}/graphql`;
      subgraphUrls.push(url);
      env[`SUBGRAPH_${name.toUpperCase().replace(/-/g, '_')}_URL`] = url;
    }
    child = spawn(process.execPath, ['scripts/start.js'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    gatewayUrl = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`stack not ready in 150 s:\n${output}`)), 150_000);
      const check = () => {
        const match = /gateway ready: (\S+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      };
      child.stdout!.on('data', check);
      child.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
    });
  }, 180_000);

  afterAll(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('seeded demo data on first run and printed the URLs and an example query', () => {
    expect(output).toMatch(/first run: seeding demo data/);
    expect(output).toMatch(/try: TOKEN=\$\(npm run -s token -- --user \S+ --roles supervisor --region 320000\)/);
    expect(output).toMatch(/curl -s http:\/\/127\.0\.0\.1:\d+\/graphql -H "authorization: Bearer \$TOKEN"/);
  });

  it('answers a query spanning staffing, finance, civil affairs, activity and audit, as SQL on the files does', async () => {
    const manifest = JSON.parse(readFileSync(join(dataDir, 'ground-truth', 'govgraph_sqlite.json'), 'utf8')) as Manifest;
    const planted = manifest.anomalies.PUBLIC_EMPLOYEE_ON_RELIEF[0]!;
    // Log in as Keycloak clients do: the password grant of the dev realm the gateway serves.
    const login = await fetch(gatewayUrl.replace('/graphql', '/realms/govgraph/protocol/openid-connect/token'), {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'password', client_id: 'govgraph-gateway', username: 'supervisor.province', password: 'supervisor.province' }),
    });
    const { access_token: token } = (await login.json()) as { access_token: string };
    const supervisor = { url: gatewayUrl, headers: { authorization: `Bearer ${token}`, 'x-govgraph-purpose': 'JC-2026-0001; e2e check' } };
    const anonymous = await gql(gatewayUrl, `{ people(first: 1) { totalCount } }`);
    expect(anonymous.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN_FIELD']);
    const data = await gqlData(supervisor, `query ($key: ID) {
      person(personKey: $key) {
        name org { uscc name }
        payrollLines { month gross }
        reliefMemberships { relation household { regionCode } }
        workRecords(first: 100) { totalCount }
      }
      findings(first: 1) { totalCount }
    }`, { key: planted.personKey });

    const [staffing, finance, civil, activity, audit] = await Promise.all(['staffing', 'finance', 'civil_affairs', 'activity', 'audit'].map(open));
    const [person] = rows(staffing!, 'SELECT p.name, o.uscc, o.name org_name FROM person p JOIN org o ON o.id = p.org_id WHERE p.person_key = ?', [planted.personKey]);
    const lines = rows(finance!, 'SELECT month, gross FROM payroll_line WHERE person_key = ? ORDER BY id', [planted.personKey]);
    const memberships = rows(civil!, 'SELECT m.relation, h.region_code FROM household_member m JOIN household h ON h.id = m.household_id WHERE m.person_key = ? ORDER BY m.id', [planted.personKey]);
    const [records] = rows(activity!, 'SELECT COUNT(*) n FROM work_record WHERE person_key = ?', [planted.personKey]);
    const [findings] = rows(audit!, 'SELECT COUNT(*) n FROM finding');

    expect(lines.length).toBeGreaterThan(0);
    expect(memberships.length).toBeGreaterThan(0);
    expect(data.person).toEqual({
      name: person!['name'],
      org: { uscc: person!['uscc'], name: person!['org_name'] },
      payrollLines: lines.map((l) => ({ month: l['month'], gross: l['gross'] })),
      reliefMemberships: memberships.map((m) => ({ relation: m['relation'], household: { regionCode: m['region_code'] } })),
      workRecords: { totalCount: records!['n'] },
    });
    expect(data.findings.totalCount).toBe(findings!['n']);
  });

  it('stops every process on Ctrl-C', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    for (const url of [gatewayUrl, ...subgraphUrls]) {
      await expect(fetch(url, { signal: AbortSignal.timeout(2000) })).rejects.toThrow();
    }
  }, 30_000);
});
