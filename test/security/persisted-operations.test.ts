import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { projectRoot } from '../../common/paths';
import type { RunningGateway } from '../../gateway/create-gateway';
import { RedisKeyValueCache } from '../../gateway/request/cache/redis-key-value-cache';
import { loadTrustedDocuments, ManifestError } from '../../gateway/request/persisted/trusted-documents';
import { dropPrefix, TEST_REDIS_URL, testPrefix } from '../support/redis';
import { staffingGateways, type StaffingGateways } from '../support/staffing-gateways';

const MANIFEST = path.join(projectRoot, 'schema', 'persisted-operations.json');
const sha = (text: string) => createHash('sha256').update(text).digest('hex');

interface Answer {
  status: number;
  body: any;
}

async function post(gateway: RunningGateway, body: unknown, token?: string): Promise<Answer> {
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

async function get(gateway: RunningGateway, params: Record<string, string>): Promise<Answer> {
  const response = await fetch(`${gateway.url}?${new URLSearchParams(params)}`, {
    headers: { 'apollo-require-preflight': 'true' },
  });
  return { status: response.status, body: await response.json() };
}

const apq = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });
const code = (answer: Answer) => answer.body.errors?.[0]?.extensions?.code;

/**
 * Persisted operations: automatic persisted queries shared by two instances over Redis, and a
 * trusted-documents gateway that runs only the manifest codegen made from schema/operations/.
 * Hashes are verified everywhere: a hash that is not the text's is refused.
 */
describe('security: persisted operations', () => {
  const prefix = testPrefix();
  const manifest = JSON.parse(fs.readFileSync(MANIFEST, 'utf8')) as {
    operations: Array<{ id: string; name: string; body: string }>;
  };
  const orgSearch = manifest.operations.find((o) => o.name === 'OrgSearch')!;
  let stack: StaffingGateways;
  let a: RunningGateway;
  let b: RunningGateway;
  let trusted: RunningGateway;
  let token: string;

  beforeAll(async () => {
    stack = await staffingGateways();
    const shared = async () =>
      stack.start({
        persisted: {
          mode: 'apq',
          trusted: new Map(),
          apqCache: await RedisKeyValueCache.connect(TEST_REDIS_URL, `${prefix}apq:`),
        },
      });
    [a, b, trusted] = await Promise.all([
      shared(),
      shared(),
      stack.start({ persisted: { mode: 'trusted', trusted: loadTrustedDocuments(MANIFEST) } }),
    ]);
    token = await stack.realm.mint({ user: 'persisted.officer', roles: ['staffing-officer'], region: '320000' });
  });
  afterAll(async () => {
    await stack?.[Symbol.asyncDispose]();
    await dropPrefix(prefix);
  });

  it('the manifest lists every named operation of schema/operations/, each id the SHA-256 of its body', () => {
    const files = fs.readdirSync(path.join(projectRoot, 'schema', 'operations')).filter((f) => f.endsWith('.graphql'));
    const names = files.flatMap((f) =>
      [
        ...fs
          .readFileSync(path.join(projectRoot, 'schema', 'operations', f), 'utf8')
          .matchAll(/^(?:query|mutation) (\w+)/gm),
      ].map((m) => m[1]),
    );
    expect(manifest.operations.map((o) => o.name).sort()).toEqual(names.sort());
    for (const op of manifest.operations) expect(op.id).toBe(sha(op.body));
  });

  it('APQ: a hash registered on one instance is served by the other; an unknown hash is not found', async () => {
    const query = '{ orgs(first: 2) { totalCount nodes { uscc name } } }';
    const hash = sha(query);
    expect(code(await post(b, { extensions: apq(hash) }))).toBe('PERSISTED_QUERY_NOT_FOUND');
    const registered = await post(a, { query, extensions: apq(hash) });
    expect(registered.body.errors).toBeUndefined();
    const byHash = await post(b, { extensions: apq(hash) });
    expect(byHash.status).toBe(200);
    expect(byHash.body).toEqual(registered.body);
    expect(byHash.body.data.orgs.nodes).toHaveLength(2);
    expect(code(await post(b, { extensions: apq(sha('{ orgs { totalCount } }')) }))).toBe('PERSISTED_QUERY_NOT_FOUND');

    // The embedded default keeps hashes in its own process: not shared, but the same protocol.
    const alone = await stack.start();
    expect(code(await post(alone, { extensions: apq(hash) }))).toBe('PERSISTED_QUERY_NOT_FOUND');
    await post(alone, { query, extensions: apq(hash) });
    expect((await post(alone, { extensions: apq(hash) })).body).toEqual(registered.body);
  });

  it('a hash that is not the SHA-256 of the text sent is refused, and nothing is stored under it', async () => {
    const query = '{ orgs(first: 1) { totalCount } }';
    const other = sha('{ orgs(first: 1) { nodes { name } } }');
    const wrong = await post(a, { query, extensions: apq(other) });
    expect([wrong.status, code(wrong)]).toEqual([400, 'PERSISTED_QUERY_HASH_MISMATCH']);
    expect(code(await post(b, { extensions: apq(other) }))).toBe('PERSISTED_QUERY_NOT_FOUND');
    const trustedWrong = await post(trusted, { query: orgSearch.body, extensions: apq(other) }, token);
    expect([trustedWrong.status, code(trustedWrong)]).toEqual([400, 'PERSISTED_QUERY_HASH_MISMATCH']);
  });

  it('trusted documents: a listed operation runs by hash (POST or GET) or by its exact text, with the same answer as free text elsewhere', async () => {
    const variables = { filter: { regionCode: '320000' }, first: 3 };
    const free = await post(a, { query: orgSearch.body, variables }, token);
    expect(free.body.errors).toBeUndefined();
    expect(free.body.data.orgs.nodes.length).toBeGreaterThan(0);
    expect((await post(trusted, { extensions: apq(orgSearch.id), variables }, token)).body).toEqual(free.body);
    expect((await post(trusted, { documentId: `sha256:${orgSearch.id}`, variables }, token)).body).toEqual(free.body);
    expect((await post(trusted, { query: orgSearch.body, variables }, token)).body).toEqual(free.body);
    const byGet = await get(trusted, {
      extensions: JSON.stringify(apq(orgSearch.id)),
      variables: JSON.stringify(variables),
    });
    expect(byGet.status).toBe(200);
    expect(byGet.body.data.orgs.totalCount).toBe(free.body.data.orgs.totalCount);
  });

  it('trusted documents: anything else is refused with a code before it runs, in a batch too', async () => {
    const before = stack.staffing.requests.count;
    const unlisted = await post(trusted, { query: '{ orgs(first: 500) { nodes { name } } }' }, token);
    expect([unlisted.status, code(unlisted)]).toEqual([400, 'PERSISTED_QUERY_NOT_IN_LIST']);
    // The listed text with one character changed is another operation.
    const edited = await post(trusted, { query: orgSearch.body.replace('first: $first', 'first: 500') }, token);
    expect(code(edited)).toBe('PERSISTED_QUERY_NOT_IN_LIST');
    const unknown = await post(trusted, { extensions: apq(sha('{ __typename }')) }, token);
    expect([unknown.status, code(unknown)]).toEqual([400, 'PERSISTED_QUERY_NOT_FOUND']);
    const byGet = await get(trusted, { query: '{ orgs { totalCount } }' });
    expect([byGet.status, code(byGet)]).toEqual([400, 'PERSISTED_QUERY_NOT_IN_LIST']);
    const batch = await post(trusted, [{ extensions: apq(orgSearch.id) }, { query: '{ orgs { totalCount } }' }], token);
    expect([batch.status, code(batch)]).toEqual([400, 'PERSISTED_QUERY_NOT_IN_LIST']);
    expect(stack.staffing.requests.count).toBe(before);
  });

  it('a manifest whose body does not match its id is refused at start', () => {
    const tampered = {
      ...manifest,
      operations: manifest.operations.map((o) =>
        o.name === 'OrgSearch' ? { ...o, body: o.body.replace('first: Int = 20', 'first: Int = 500') } : o,
      ),
    };
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'govgraph-manifest-')), 'manifest.json');
    fs.writeFileSync(file, JSON.stringify(tampered));
    expect(() => loadTrustedDocuments(file)).toThrow(ManifestError);
    expect(() => loadTrustedDocuments(file)).toThrow(/operation OrgSearch: its id is not the SHA-256 of its body/);
  });
});
