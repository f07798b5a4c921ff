import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePort } from '../../common/free-port';
import type { RunningServer } from '../../common/http-server';
import { subgraphUrlVariable } from '../../common/subgraph-addresses';
import { openGatewayDatabase } from '../../gateway/database/gateway-database';
import { verifyChain } from '../../gateway/request/access-log/chain';
import { recordsInOrder } from '../../gateway/request/access-log/records-in-order';
import { devLogin } from '../../stack/spawned-stack';
import type { StartedSubgraph } from '../../subgraphs/common/run-subgraph';
import { TEST_CHECKPOINT_SECRET } from '../support/access';
import { mysqlStorage, TEST_MYSQL_URL, TEST_PREFIX } from '../support/env';
import { gql } from '../support/graphql';
import { SqlOracle } from '../support/mysql';
import { startCases, startSubgraphs, startSupervision } from '../support/stack';
import { waitUntil } from '../support/wait';

const PREFIX = `${TEST_PREFIX}sigkill_`;
const root = join(__dirname, '..', '..');

/**
 * The gateway process SIGKILLed in the middle of access-log batches on MariaDB, then started again:
 * the chain verifies with no gap, and every answer that left the gateway with RESTRICTED values in
 * clear has its record (a record is committed before its answer leaves).
 */
describe('the gateway killed mid-batch, on MariaDB', () => {
  const sql = new SqlOracle();
  let subgraphs: Record<string, StartedSubgraph>;
  let supervision: RunningServer;
  let cases: RunningServer;
  let gateway: ChildProcess | undefined;
  let output = '';
  const dataDir = mkdtempSync(join(tmpdir(), 'govgraph-sigkill-'));

  /** The gateway as its own process (`node dist/gateway/main.js`), over the subgraphs of this test. */
  const startGateway = async (port: number) => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: TEST_MYSQL_URL,
      DATABASE_PREFIX: PREFIX,
      DATA_DIR: dataDir, // the same dev-realm keys after the restart: the caller's token still verifies
      GATEWAY_HOST: '127.0.0.1',
      GATEWAY_PORT: String(port),
      AUTH_DEV_REALM: 'true',
      ACCESS_LOG_CHECKPOINT_SECRET: TEST_CHECKPOINT_SECRET,
      REDIS_URL: '',
      LOG_LEVEL: 'warn',
    };
    for (const [name, s] of Object.entries(subgraphs)) env[subgraphUrlVariable(name as never)] = s.url;
    env[subgraphUrlVariable('supervision')] = supervision.url;
    env[subgraphUrlVariable('cases')] = cases.url;
    const child = spawn(process.execPath, ['scripts/run.js', 'gateway/main'], { cwd: root, env, stdio: 'pipe' });
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const url = `http://127.0.0.1:${port}`;
    await waitUntil(90_000, async () => (await fetch(`${url}/readyz`).catch(() => null))?.status === 200).catch(
      (error: Error) => {
        throw new Error(`${error.message}; the gateway printed:\n${output.slice(-3000)}`);
      },
    );
    return { child, url: `${url}/graphql` };
  };

  beforeAll(async () => {
    await sql.rows(`DROP DATABASE IF EXISTS ${PREFIX}gateway`);
    subgraphs = await startSubgraphs(mysqlStorage);
    supervision = await startSupervision(subgraphs as never);
    cases = await startCases(mysqlStorage, subgraphs as never);
  }, 60_000);
  afterAll(async () => {
    if (gateway?.exitCode === null) gateway.kill('SIGKILL');
    await Promise.all([...Object.values(subgraphs ?? {}), supervision, cases].map((s) => s?.close()));
    await sql[Symbol.asyncDispose]();
  });

  it('after a restart the chain verifies without a gap, and every answer that left has its record', async () => {
    const port = await freePort();
    const first = await startGateway(port);
    gateway = first.child;
    const token = await devLogin(first.url, 'supervisor.province');
    const supervisor = {
      url: first.url,
      headers: { authorization: `Bearer ${token}`, 'x-govgraph-purpose': 'JC-2026-0003; kill test' },
    };
    const answered: string[] = [];
    let lastRefusal = 'none';
    let n = 0;
    // Every loop ends: at the kill, or at the deadline if the gateway never answers 30 times (then the
    // test fails on the count below, saying what the gateway answered instead).
    const deadline = Date.now() + 60_000;
    let killed = false;
    const client = async () => {
      while (!killed && Date.now() < deadline) {
        const name = `MariaKilled${n++}`; // a name of its own: its record is found by it
        const answer = await gql(
          supervisor,
          `query ${name} { people(first: 2) { nodes { personKey idNumber } } }`,
        ).catch((error: Error) => ({ data: undefined, errors: [{ message: error.message }] }));
        const nodes = (answer.data as { people?: { nodes: Array<{ idNumber: unknown }> } } | undefined)?.people?.nodes;
        if (nodes?.length === 2 && nodes.every((p) => typeof p.idNumber === 'string')) answered.push(name);
        else if (!killed) lastRefusal = JSON.stringify(answer).slice(0, 500);
      }
    };
    const kill = async () => {
      await waitUntil(30_000, () => answered.length >= 30).catch(() => undefined);
      first.child.kill('SIGKILL');
      killed = true;
    };
    await Promise.all([client(), client(), client(), client(), client(), client(), kill()]);
    // Killed by a signal, a process has signalCode set and exitCode null: both say whether it is gone.
    const gone = first.child.exitCode !== null || first.child.signalCode !== null;
    if (!gone) await new Promise((done) => first.child.once('exit', done));
    expect({ answered: answered.length >= 30, lastRefusal }).toEqual({ answered: true, lastRefusal });

    gateway = (await startGateway(port)).child; // the same database: the chain goes on from its head
    const logged = (
      await sql.rows<{ name: string }>(
        `SELECT operation_name AS name FROM ${PREFIX}gateway.access_log WHERE operation_name LIKE 'MariaKilled%'`,
      )
    ).map((r) => r.name);
    expect(logged).toEqual(expect.arrayContaining(answered));
    expect(new Set(logged).size).toBe(logged.length);
    const seqs = (await sql.rows<{ seq: number }>(`SELECT seq FROM ${PREFIX}gateway.access_log ORDER BY seq`)).map(
      (r) => r.seq,
    );
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    const db = await openGatewayDatabase({ ...mysqlStorage, databasePrefix: PREFIX });
    try {
      const report = await verifyChain(recordsInOrder(db.dataSource), TEST_CHECKPOINT_SECRET);
      expect([report.firstBreak, report.records]).toEqual([null, seqs.length]);
    } finally {
      await db.close();
    }
    // The restarted gateway writes on the same chain.
    const again = await gql(
      { ...supervisor, url: `http://127.0.0.1:${port}/graphql` },
      'query AfterRestart { people(first: 1) { nodes { idNumber } } }',
    );
    expect(again.errors).toBeUndefined();
    expect(
      await sql.value(`SELECT COUNT(*) FROM ${PREFIX}gateway.access_log WHERE operation_name = 'AfterRestart'`),
    ).toBe(1);
  }, 180_000);
});
