import { join } from 'node:path';

import { ErrorCode } from '../../common/errors';
import type { RunningGateway } from '../../gateway/create-gateway';
import { loadPolicy } from '../../gateway/policy/load-policy';
import type { StartedSubgraph } from '../../subgraphs/common/run-subgraph';
import { startTestRealm, testAccess, type TestRealm } from '../support/access';
import { mysqlStorage } from '../support/env';
import { startRegistryGateway } from '../support/registry-stack';
import { shippedSpecs, startSubgraphs } from '../support/stack';

/**
 * /admin, /governance and /export stand behind the same edge as /graphql: the policy's body limit and
 * its rate limits (a caller cannot go around /graphql's budget by calling the side endpoints).
 */
describe('security: the side endpoints behind the same edge as /graphql', () => {
  let realm: TestRealm;
  let staffing: StartedSubgraph;
  let gateway: RunningGateway;
  const base = () => gateway.url.replace(/\/graphql$/, '');

  beforeAll(async () => {
    realm = await startTestRealm();
    staffing = (await startSubgraphs(mysqlStorage, ['staffing']))['staffing']!;
    const policy = loadPolicy(join(__dirname, '..', '..', 'policies'));
    policy.rateLimits = { ...policy.rateLimits, anonymous: { requests: 3, perSeconds: 60 } };
    policy.limits = { ...policy.limits, bodyBytes: 2000 };
    gateway = await startRegistryGateway(await testAccess(realm, {}, policy), {
      bootstrap: () => shippedSpecs({ staffing }),
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

  it('a path nothing is served at gets a JSON error with a code, not an HTML page', async () => {
    const response = await post('/adminn/graphql', JSON.stringify({ query: '{ __typename }' }));
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    const body = (await response.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
    expect(body.errors[0]!.extensions.code).toBe(ErrorCode.NOT_FOUND);
    expect(body.errors[0]!.message).toMatch(/Nothing is served at POST \/adminn\/graphql; see \/graphql, /);
  });
});
