import { join } from 'node:path';

import { ErrorCode } from '../../common/errors';
import type { RunningGateway } from '../../gateway/create-gateway';
import { loadPolicy } from '../../gateway/policy/load-policy';
import type { QueryLimits } from '../../gateway/policy/policy-model';
import type { StartedSubgraph } from '../../subgraphs/common/run-subgraph';
import { startTestRealm, testAccess, type TestRealm } from '../support/access';
import { mysqlStorage } from '../support/env';
import { startRegistryGateway } from '../support/registry-stack';
import { shippedSpecs, startSubgraphs } from '../support/stack';

/**
 * /admin, /governance and /export stand behind the same edge as /graphql: the policy's body limit and
 * its rate limits (a caller cannot go around /graphql's budget by calling the side endpoints).
 */
const STATIC_ADMIN_TOKEN = 'static-admin-token-0123456789';

describe('security: the side endpoints behind the same edge as /graphql', () => {
  let realm: TestRealm;
  let staffing: StartedSubgraph;
  let gateway: RunningGateway;
  let limits: QueryLimits;
  const base = () => gateway.url.replace(/\/graphql$/, '');

  beforeAll(async () => {
    realm = await startTestRealm();
    staffing = (await startSubgraphs(mysqlStorage, ['staffing']))['staffing']!;
    const policy = loadPolicy(join(__dirname, '..', '..', 'policies'));
    policy.rateLimits = { ...policy.rateLimits, anonymous: { requests: 3, perSeconds: 60 } };
    // Tokens limited well under the body limit, so that a long query meets the token limit first.
    policy.limits = { ...policy.limits, bodyBytes: 2000, default: { ...policy.limits.default, tokens: 100 } };
    limits = policy.limits.default;
    gateway = await startRegistryGateway(await testAccess(realm, {}, policy), {
      bootstrap: () => shippedSpecs({ staffing }),
      adminTokens: `ops:${STATIC_ADMIN_TOKEN}`,
    });
  });
  afterAll(async () => {
    await gateway.close();
    await Promise.all([realm.close(), staffing.close()]);
  });

  const post = (path: string, body: string) =>
    fetch(`${base()}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  it('a body over the policy limit is refused with 413 on /admin and /governance as on /graphql', async () => {
    const big = JSON.stringify({ query: `{ __typename } # ${'x'.repeat(3000)}` });
    for (const path of ['/admin/graphql', '/governance/graphql', '/graphql']) {
      const response = await post(path, big);
      const body = (await response.json()) as { errors: Array<{ extensions: { code: string } }> };
      expect([path, response.status, body.errors[0]!.extensions.code]).toEqual([
        path,
        413,
        ErrorCode.QUERY_TOO_COMPLEX,
      ]);
    }
  });

  it('anonymous calls to the side endpoints draw from the same bucket as /graphql, and are refused past it', async () => {
    const small = JSON.stringify({ query: '{ __typename }' });
    const statuses: number[] = [];
    for (const path of ['/graphql', '/governance/graphql', '/admin/graphql', '/governance/graphql', '/export/x.csv']) {
      const response = path.startsWith('/export') ? await fetch(`${base()}${path}`) : await post(path, small);
      statuses.push(response.status);
      if (response.status === 429) {
        const body = (await response.json()) as { errors: Array<{ extensions: { code: string } }> };
        expect(body.errors[0]!.extensions.code).toBe(ErrorCode.RATE_LIMITED);
        expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
      }
    }
    // the body-limit test spent none (refused before the rate limit); three allowed, then refused
    expect(statuses.slice(3)).toEqual([429, 429]);
    expect(statuses.slice(0, 3)).not.toContain(429);
  });

  it("a static admin token draws from its holder's own bucket, not the anonymous one its address has spent", async () => {
    const ask = (authorization?: string) =>
      fetch(`${base()}/admin/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body: JSON.stringify({ query: '{ subgraphs { name } }' }),
      });
    expect((await ask()).status).toBe(429); // the test above spent this address's anonymous budget
    const answered = await ask(`Bearer ${STATIC_ADMIN_TOKEN}`);
    expect(answered.status).toBe(200);
    expect(((await answered.json()) as { data: { subgraphs: Array<{ name: string }> } }).data.subgraphs).toEqual([
      { name: 'staffing' },
    ]);
    // a wrong token is anonymous: still refused by the spent bucket
    expect((await ask('Bearer static-admin-token-wrong-guess')).status).toBe(429);
  });

  it('query limits hold on /admin and /governance as on /graphql: too many aliases, too many tokens', async () => {
    const token = await realm.mint({
      user: 'limits.admin',
      roles: ['registry-admin', 'audit-log-reader'],
      region: '320000',
    });
    const { aliases, tokens } = limits;
    const tooManyAliases = `{ ${Array.from({ length: aliases + 1 }, (_, i) => `a${i}: __typename`).join(' ')} }`;
    const tooLong = `{ ${'__typename '.repeat(tokens - 1)}}`; // one token over: parsed, then refused
    for (const path of ['/admin/graphql', '/governance/graphql', '/graphql']) {
      for (const [limit, query] of [
        ['aliases', tooManyAliases],
        ['tokens', tooLong],
      ] as const) {
        const response = await fetch(`${base()}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query }),
        });
        const body = (await response.json()) as { errors: Array<{ extensions: { code: string } }> };
        expect([path, limit, response.status, body.errors[0]!.extensions.code]).toEqual([
          path,
          limit,
          400,
          limit === 'tokens'
            ? expect.stringMatching(/QUERY_TOO_COMPLEX|GRAPHQL_PARSE_FAILED/)
            : ErrorCode.QUERY_TOO_COMPLEX,
        ]);
      }
    }
  });

  it('a path nothing is served at gets a JSON error with a code, not an HTML page', async () => {
    const response = await post('/adminn/graphql', JSON.stringify({ query: '{ __typename }' }));
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    const body = (await response.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
    expect(body.errors[0]!.extensions.code).toBe(ErrorCode.NOT_FOUND);
    expect(body.errors[0]!.message).toMatch(/Nothing is served at POST \/adminn\/graphql; see \/graphql, /);
  });
});
