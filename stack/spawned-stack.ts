import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import initSqlJs, { type Database } from 'sql.js';

import { freePorts } from '../common/free-port';
import { SHIPPED_SUBGRAPH_NAMES } from '../common/subgraph-catalog';

const root = join(__dirname, '..');

/** `npm start` as a newcomer runs it (scripts/start.js), on free ports and a fresh data folder. */
export interface SpawnedStack {
  child: ChildProcess;
  dataDir: string;
  gatewayUrl: string;
  subgraphUrls: string[];
  /** Everything the stack printed so far, stdout and stderr. */
  output(): string;
  /** One of the embedded SQLite files, read-only (sql.js). */
  database(name: string): Promise<Database>;
}

export async function spawnStack(extraEnv: NodeJS.ProcessEnv = {}): Promise<SpawnedStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'govgraph-e2e-'));
  // Every process on a port of its own, none of the catalog's: another stack may run beside this one.
  const [gatewayPort, ...subgraphPorts] = await freePorts(1 + SHIPPED_SUBGRAPH_NAMES.length);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    DATABASE_URL: '',
    GATEWAY_PORT: String(gatewayPort),
    ...extraEnv,
  };
  const subgraphUrls: string[] = [];
  SHIPPED_SUBGRAPH_NAMES.forEach((name, i) => {
    const url = `http://127.0.0.1:${subgraphPorts[i]}/graphql`;
    subgraphUrls.push(url);
    env[`SUBGRAPH_${name.toUpperCase().replace(/-/g, '_')}_URL`] = url;
  });
  let output = '';
  const child = spawn(process.execPath, ['scripts/start.js'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const gatewayUrl = await new Promise<string>((resolve, reject) => {
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
  return {
    child,
    dataDir,
    gatewayUrl,
    subgraphUrls,
    output: () => output,
    async database(name) {
      const SQL = await initSqlJs();
      return new SQL.Database(readFileSync(join(dataDir, `govgraph_${name}.sqlite`)));
    },
  };
}

/** Rows of a query on an embedded database. */
export function sqliteRows(
  db: Database,
  sql: string,
  params: (string | number)[] = [],
): Array<Record<string, unknown>> {
  const statement = db.prepare(sql);
  statement.bind(params);
  const result: Array<Record<string, unknown>> = [];
  while (statement.step()) result.push(statement.getAsObject());
  statement.free();
  return result;
}

/** The dev realm's password grant, as Keycloak clients log in. */
export async function devLogin(gatewayUrl: string, user: string): Promise<string> {
  const login = await fetch(gatewayUrl.replace('/graphql', '/realms/govgraph/protocol/openid-connect/token'), {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: 'govgraph-gateway',
      username: user,
      password: user,
    }),
  });
  const { access_token: token } = (await login.json()) as { access_token?: string };
  if (!token) throw new Error(`the dev realm refused ${user}`);
  return token;
}
