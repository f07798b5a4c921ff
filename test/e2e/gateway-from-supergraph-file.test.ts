import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePort } from '../../common/free-port';
import type { RunningServer } from '../../common/http-server';
import type { SubgraphName } from '../../common/subgraph-catalog';
import { composeShippedSupergraph } from '../../gateway/control/composition/shipped-supergraph';
import type { StartedSubgraph } from '../../subgraphs/common/run-subgraph';
import { mysqlStorage } from '../support/env';
import { gqlData } from '../support/graphql';
import { startCases, startSubgraphs, startSupervision, startTestStack, type TestStack } from '../support/stack';

const root = join(__dirname, '..', '..');

/** Operators who compose elsewhere: `npm run gateway -- --supergraph FILE --port N --policy DIR --legacy audit=URL`. */
describe('gateway served from a supergraph file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'govgraph-supergraph-'));
  let subgraphs: Record<SubgraphName, StartedSubgraph>;
  let supervision: RunningServer;
  let cases: RunningServer;
  let reference: TestStack;
  let gateway: ChildProcess;
  let url = '';

  beforeAll(async () => {
    subgraphs = await startSubgraphs(mysqlStorage);
    supervision = await startSupervision(subgraphs);
    cases = await startCases(mysqlStorage, subgraphs);
    reference = await startTestStack(mysqlStorage);
    const file = join(dir, 'supergraph.graphql');
    writeFileSync(
      file,
      composeShippedSupergraph((name) =>
        name === 'supervision' ? supervision.url : name === 'cases' ? cases.url : subgraphs[name as SubgraphName].url,
      ),
    );
    const port = await freePort();
    url = `http://127.0.0.1:${port}/graphql`;
    gateway = spawn(
      process.execPath,
      [
        'scripts/run.js',
        'gateway/cli/serve-supergraph',
        '--supergraph',
        file,
        '--port',
        String(port),
        '--policy',
        join(root, 'policies'),
        '--legacy',
        `audit=${subgraphs.audit.url}`,
      ],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
        // Tokens from the reference stack's realm, verified by this process's own keycloak-connect.
        env: {
          ...process.env,
          KEYCLOAK_URL: reference.realm.url,
          KEYCLOAK_REALM: 'govgraph',
          KEYCLOAK_CLIENT_ID: 'govgraph-gateway',
        },
      },
    );
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`gateway did not start:\n${output}`)), 90_000);
      gateway.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('gateway serving')) {
          clearTimeout(timer);
          resolve();
        }
      });
      gateway.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      gateway.once('exit', (code) => reject(new Error(`gateway exited ${code}:\n${output}`)));
    });
  }, 120_000);

  afterAll(async () => {
    gateway?.kill('SIGTERM');
    await reference?.[Symbol.asyncDispose]();
    await Promise.all(Object.values(subgraphs ?? {}).map((s) => s.close()));
    await supervision?.close();
    await cases?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers like a gateway that composed the running subgraphs itself, audit joins included', async () => {
    const query = `{ orgs(first: 30, filter: { level: CITY }) { nodes { name payments(first: 3) { nodes { amount } } auditFindings { category responsibleOrg { name } } workRecords(first: 2) { totalCount } } } }`;
    const [fromFile, composed] = await Promise.all([
      gqlData({ ...reference.supervisor, url }, query),
      gqlData(reference.supervisor, query),
    ]);
    expect(fromFile.orgs.nodes.some((o: any) => o.auditFindings.length > 0 && o.payments.nodes.length > 0)).toBe(true);
    expect(fromFile).toEqual(composed);
  });

  it('reports ready on /readyz and healthy on /healthz', async () => {
    const base = url.replace('/graphql', '');
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok', service: 'gateway' });
  });

  it('refuses a missing supergraph file with a clear message and exit code 1', () => {
    const run = spawnSync(
      process.execPath,
      ['scripts/run.js', 'gateway/cli/serve-supergraph', '--supergraph', join(dir, 'missing.graphql'), '--port', '0'],
      { cwd: root, encoding: 'utf8', timeout: 60_000 },
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/gateway failed to start: cannot read supergraph file .*missing\.graphql/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
