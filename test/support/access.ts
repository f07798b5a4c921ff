import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'graphql';

import { DEV_SIGNING_SECRET } from '../../common/gateway-signature';
import { projectRoot } from '../../common/paths';
import type { AccessConfig } from '../../gateway/config/access-config';
import { createGatewayAccess, type AccessStores, type GatewayAccess } from '../../gateway/config/gateway-access';
import { openGatewayDatabase } from '../../gateway/database/gateway-database';
import { serveDevRealm, type ServedDevRealm } from '../../gateway/endpoints/dev-realm/serve-dev-realm';
import { loadPolicy } from '../../gateway/policy/load-policy';
import type { Policy } from '../../gateway/policy/policy-model';
import { fieldHolders } from '../../gateway/policy/sdl-fields';
import { openAccessLog } from '../../gateway/request/access-log/open-access-log';
import { embeddedStorage } from './env';

export const REALM = 'govgraph';
export const CLIENT_ID = 'govgraph-gateway';

/** A dev realm served over real HTTP on a free port, as a Keycloak would be, with its own keys. */
export interface TestRealm extends ServedDevRealm, AsyncDisposable {}

export async function startTestRealm(): Promise<TestRealm> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govgraph-realm-'));
  const served = await serveDevRealm({ realm: REALM, clientId: CLIENT_ID, keysDir: dir });
  const close = async () => {
    await served.close();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  return { ...served, close, [Symbol.asyncDispose]: close };
}

/** The gateway's access settings for tests: the shipped policy (or another), tokens from the test realm. */
/** The access log's checkpoint secret in tests (the CLIs are given it as ACCESS_LOG_CHECKPOINT_SECRET). */
export const TEST_CHECKPOINT_SECRET = 'test-checkpoint-secret-0123456789';

export function testAccessConfig(realm: TestRealm, overrides: Partial<AccessConfig> = {}): AccessConfig {
  return {
    policyPath: path.join(projectRoot, 'policies'),
    mode: 'enforce',
    pseudonymSecret: 'test-pseudonym-secret-0123456789',
    pseudonymEpochDays: 30,
    signingSecret: DEV_SIGNING_SECRET,
    grantRefreshMs: 0,
    agreementRefreshMs: 0,
    hideAboveClearance: false,
    keycloak: {
      url: realm.url,
      realm: REALM,
      clientId: CLIENT_ID,
      algorithms: ['RS256', 'ES256'],
      clockSkewSeconds: 30,
      minSecondsBetweenCertFetches: 0.001,
      keysRefreshSeconds: 60,
    },
    accessLog: {
      writerPassword: 'test-log-writer-password',
      retentionDays: 180,
      checkpointSecret: TEST_CHECKPOINT_SECRET,
    },
    devRealm: { enabled: false },
    production: false,
    ...overrides,
  };
}

/**
 * The gateway's access stages for a test: the test realm's tokens, and an access log of its own (the
 * embedded SQLite store in a fresh folder, or the MySQL one when a test gives it).
 */
export async function testAccess(
  realm: TestRealm,
  overrides: Partial<AccessConfig> = {},
  policy?: Policy,
  stores?: AccessStores,
): Promise<GatewayAccess> {
  return createGatewayAccess(
    testAccessConfig(realm, overrides),
    'http://127.0.0.1:0',
    os.tmpdir(),
    stores ?? (await embeddedAccessStores()),
    policy,
  );
}

/** The embedded SQLite gateway database in a fresh folder, and its access log. */
export async function embeddedAccessStores(): Promise<AccessStores> {
  const storage = embeddedStorage(fs.mkdtempSync(path.join(os.tmpdir(), 'govgraph-log-')));
  const database = await openGatewayDatabase(storage);
  return { database, log: await openAccessLog(database, storage, { writerPassword: 'unused-for-sqlite' }) };
}

/** The shipped levels and roles, with every field of these SDLs graded PUBLIC and shared with all (Federation fixtures). */
export function publicPolicy(sdls: readonly string[]): Policy {
  const shipped = loadPolicy(path.join(projectRoot, 'policies'));
  shipped.fields.clear();
  const types = new Set<string>();
  for (const sdl of sdls) {
    for (const def of fieldHolders(parse(sdl))) {
      types.add(def.name.value);
      for (const field of def.fields ?? [])
        shipped.fields.set(`${def.name.value}.${field.name.value}`, {
          level: 'PUBLIC',
          masks: {},
          purpose: false,
          source: 'test',
        });
    }
  }
  shipped.resources = new Map([
    [
      'fixture.all',
      {
        name: 'fixture.all',
        title: 'every field of the fixture',
        system: 'fixture',
        owner: 'platform',
        sharing: 'unconditional',
        legalBasis: 'test fixture',
        updateFrequency: 'never',
        contact: 'test',
        fields: [...types].map((type) => `${type}.*`),
        openTo: [],
        source: 'test',
      },
    ],
  ]);
  return shipped;
}

/** A request target with a caller's headers: a bearer token and, optionally, a stated purpose. */
export interface Caller {
  url: string;
  headers: Record<string, string>;
}

export function caller(url: string, token: string | null, purpose?: string): Caller {
  return {
    url,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(purpose ? { 'x-govgraph-purpose': purpose } : {}),
    },
  };
}

/** A purpose a supervisor may state. */
export const INSPECTION_PURPOSE = 'JC-2026-0001; test inspection';
