import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { DEV_SIGNING_SECRET, encodeAccess, signRequest, subgraphSigningKey } from '../../../common/gateway-signature';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../../common/subgraph-catalog';
import { verifyWebhookSignature, WEBHOOK_HEADERS } from '../../../common/webhook-signature';
import { runCases, type StartedCases } from '../../../subgraphs/cases/run-cases';
import { caller } from '../../support/access';
import { mysqlStorage, testDb } from '../../support/env';
import { gql, gqlData, type GraphqlTarget } from '../../support/graphql';
import { SqlOracle } from '../../support/mysql';
import { dropPrefix, TEST_REDIS_URL, testPrefix } from '../../support/redis';
import { startTestStack, type TestStack } from '../../support/stack';
import { waitUntil } from '../../support/wait';

/**
 * Signed webhooks to partner systems: a lead assignment is POSTed to each matching webhook, signed with
 * its secret; a receiver that fails twice gets the same body a third time, later each time (exponential
 * backoff, BullMQ on Redis); one that always fails leaves a DEAD delivery with the reason (dead letter).
 * Registration is refused for hosts not allowed, for non-supervisors, and without Redis.
 */
const ATTEMPTS = 4;
const BACKOFF_MS = 150;
const REGISTER = `mutation($input: WebhookInput!) { registerWebhook(input: $input) { secret webhook { id } } }`;
const DELIVERIES = `{ webhooks { id deliveries(first: 10) { nodes { state attempts lastStatus lastError body } } } }`;

interface Hit {
  at: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

describe('cases: signed webhooks with retries and a dead letter', () => {
  const sql = new SqlOracle();
  const redisPrefix = testPrefix();
  const hits: Record<string, Hit[]> = { '/flaky': [], '/down': [] };
  let receiver: http.Server;
  let receiverUrl: string;
  let stack: TestStack;
  let replica: StartedCases;
  let supervisor: GraphqlTarget;

  const signedAs = (roles: string[]): GraphqlTarget => {
    const access = encodeAccess({
      user: 'jc.webhooks',
      roles,
      clearance: 'RESTRICTED',
      regions: ['320000'],
      purpose: null,
    });
    return {
      url: replica.url,
      sign: (body) =>
        signRequest(subgraphSigningKey(DEV_SIGNING_SECRET, 'cases'), {
          method: 'POST',
          path: '/graphql',
          access,
          body,
        }),
    };
  };

  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        const list = hits[req.url ?? ''];
        list?.push({ at: Date.now(), headers: req.headers, body });
        const ok = req.url === '/flaky' && list!.length > 2;
        res.writeHead(ok ? 204 : req.url === '/flaky' ? 503 : 500).end();
      });
    });
    await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', done));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    stack = await startTestStack(mysqlStorage);
    replica = await runCases({
      storage: mysqlStorage,
      sources: Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, stack.subgraphs[n].url])) as Record<
        SubgraphName,
        string
      >,
      signingSecret: DEV_SIGNING_SECRET,
      port: 0,
      redis: { url: TEST_REDIS_URL, prefix: redisPrefix },
      webhooks: {
        allowedHosts: ['127.0.0.1'],
        retries: { attempts: ATTEMPTS, backoffMs: BACKOFF_MS, timeoutMs: 2_000 },
      },
    });
    supervisor = signedAs(['supervisor']);
  });
  afterAll(async () => {
    await replica?.close();
    await stack?.[Symbol.asyncDispose]();
    await new Promise((done) => receiver?.close(done));
    await dropPrefix(redisPrefix);
    await sql[Symbol.asyncDispose]();
  });

  it('retries with growing delays until delivered, and dead-letters what never is', async () => {
    const register = async (path: string) =>
      (
        await gqlData(supervisor, REGISTER, {
          input: {
            name: `partner ${path}`,
            url: `${receiverUrl}${path}`,
            events: ['LEAD_ASSIGNED'],
            regionCode: '320000',
          },
        })
      ).registerWebhook as { secret: string; webhook: { id: string } };
    const flaky = await register('/flaky');
    const down = await register('/down');
    const [body] = await sql.rows<{ uscc: string; county: string }>(
      `SELECT uscc, region_code county FROM ${testDb('staffing')}.org WHERE region_code NOT LIKE '%00' ORDER BY id LIMIT 1`,
    );
    const { registerLead } = await gqlData(
      supervisor,
      `mutation($region: String!) { registerLead(input: { kind: "PAID_NOT_ON_ROLL", regionCode: $region, summary: "张三 在册未领薪" }) { id } }`,
      { region: body!.county },
    );
    await gqlData(
      supervisor,
      `mutation($id: ID!, $org: ID!) { assignLead(id: $id, orgUscc: $org, deadline: "2099-01-31") { id } }`,
      {
        id: registerLead.id,
        org: body!.uscc,
      },
    );

    type Hooks = { webhooks: Array<{ id: string; deliveries: { nodes: Array<Record<string, unknown>> } }> };
    const deliveryOf = async (id: string) =>
      (await gqlData<Hooks>(supervisor, DELIVERIES)).webhooks.find((w) => w.id === id)!.deliveries.nodes[0] ?? null;
    await waitUntil(20_000, async () => (await deliveryOf(flaky.webhook.id))?.['state'] === 'DELIVERED');
    await waitUntil(20_000, async () => (await deliveryOf(down.webhook.id))?.['state'] === 'DEAD');

    // Three attempts at the flaky receiver, each the same body, each signed with its webhook's secret.
    const flakyHits = hits['/flaky']!;
    expect(flakyHits.length).toBe(3);
    for (const hit of flakyHits) {
      expect(hit.body).toBe(flakyHits[0]!.body);
      expect(hit.headers[WEBHOOK_HEADERS.event]).toBe('LEAD_ASSIGNED');
      const signed = {
        timestamp: String(hit.headers[WEBHOOK_HEADERS.timestamp]),
        body: hit.body,
        signature: String(hit.headers[WEBHOOK_HEADERS.signature]),
      };
      expect(verifyWebhookSignature(flaky.secret, signed)).toBe(true);
      expect(verifyWebhookSignature(down.secret, signed)).toBe(false);
    }
    const event = JSON.parse(flakyHits[0]!.body) as { type: string; data: Record<string, unknown> };
    expect(event.type).toBe('LEAD_ASSIGNED');
    expect(event.data).toEqual({
      type: 'LEAD_ASSIGNED',
      leadId: Number(registerLead.id),
      regionCode: body!.county,
      orgUscc: body!.uscc,
    });
    expect(flakyHits[0]!.body).not.toContain('张三'); // keys only, never the lead's text
    // Exponential backoff: each wait at least the base delay doubled per attempt, and longer than the one before.
    const gaps = flakyHits.slice(1).map((hit, i) => hit.at - flakyHits[i]!.at);
    expect(gaps[0]!).toBeGreaterThanOrEqual(BACKOFF_MS * 0.9);
    expect(gaps[1]!).toBeGreaterThanOrEqual(BACKOFF_MS * 2 * 0.9);
    expect(gaps[1]!).toBeGreaterThan(gaps[0]!);
    expect(await deliveryOf(flaky.webhook.id)).toMatchObject({
      state: 'DELIVERED',
      attempts: 3,
      lastStatus: 204,
      lastError: null,
    });

    // Every attempt at the other failed: the dead letter says how often and why.
    expect(hits['/down']!.length).toBe(ATTEMPTS);
    expect(await deliveryOf(down.webhook.id)).toMatchObject({
      state: 'DEAD',
      attempts: ATTEMPTS,
      lastStatus: 500,
      lastError: 'answered HTTP 500',
    });
  });

  it('refuses a host not allowed, a URL with credentials or of another scheme, and a non-supervisor', async () => {
    const codeOf = async (target: GraphqlTarget, url: string, regionCode = '320000') =>
      (await gql(target, REGISTER, { input: { name: 'x', url, events: ['ALERT_RAISED'], regionCode } })).errors?.[0]
        ?.extensions?.code;
    expect(await codeOf(supervisor, 'http://169.254.169.254/latest/meta-data')).toBe('BAD_USER_INPUT');
    expect(await codeOf(supervisor, 'http://user:pw@127.0.0.1/x')).toBe('BAD_USER_INPUT');
    expect(await codeOf(supervisor, 'file:///etc/passwd')).toBe('BAD_USER_INPUT');
    expect(await codeOf(supervisor, `${receiverUrl}/x`, '110000')).toBe('OUT_OF_SCOPE');
    expect(await codeOf(signedAs(['rectifier']), `${receiverUrl}/x`)).toBe('FORBIDDEN_FIELD');
  });

  it('without Redis the cases system refuses webhooks, and the secret is RESTRICTED at the gateway', async () => {
    const result = await gql(stack.supervisor, REGISTER, {
      input: { name: 'x', url: `${receiverUrl}/x`, events: ['ALERT_RAISED'], regionCode: '320000' },
    });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toContain('REDIS_URL');
    const officer = caller(
      stack.gatewayUrl,
      await stack.realm.mint({ user: 'o', roles: ['staffing-officer'], region: '320000' }),
    );
    const denied = await gql(officer, REGISTER, {
      input: { name: 'x', url: `${receiverUrl}/x`, events: ['ALERT_RAISED'], regionCode: '320000' },
    });
    expect(denied.errors?.map((e) => [e.extensions?.code, e.extensions?.['coordinate']])).toContainEqual([
      'FORBIDDEN_FIELD',
      'RegisteredWebhook.secret',
    ]);
  });
});
