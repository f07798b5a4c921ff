import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

import { DEV_SIGNING_SECRET, encodeAccess, signRequest, subgraphSigningKey } from '../../../common/gateway-signature';
import { SIGNED_SUBSCRIPTION_METHOD, signedCallBody } from '../../../common/signed-subscription';
import type { AccessStores } from '../../../gateway/config/gateway-access';
import { caller, embeddedAccessStores, type Caller } from '../../support/access';
import { mysqlStorage, TEST_PREFIX, testDb } from '../../support/env';
import { gql, gqlData } from '../../support/graphql';
import { SqlOracle } from '../../support/mysql';
import { startTestStack, type TestStack } from '../../support/stack';
import { sorted } from '../../support/supervision';
import { waitUntil } from '../../support/wait';

/**
 * Notifications through the gateway (graphql-ws): an alert reaches a supervisor whose region scope
 * covers it and not one outside it; a lead assignment reaches the body's rectifier and not another
 * county's; each event is decided, masked and logged as a query's answer is; the subgraph's own
 * WebSocket answers only what the gateway signed, once.
 */
const ALERTS = `subscription { alertRaised { id kind regionCode amount person { personKey } } }`;
const ASSIGNED = `subscription { leadAssigned { id state regionCode org { uscc } deadline } }`;

interface Received {
  data?: Record<string, any> | null;
  errors?: ReadonlyArray<{ message: string; extensions?: Record<string, unknown> }>;
}

describe('cases: notifications as subscriptions', () => {
  const sql = new SqlOracle();
  const clients: Client[] = [];
  let stores: AccessStores;
  let stack: TestStack;
  let wsUrl: string;

  const connect = (target: Caller | null) => {
    const client = createClient({
      url: wsUrl,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: true,
      connectionParams: target?.headers ?? {},
    });
    clients.push(client);
    return client;
  };

  /** Subscribes and collects every event (or the error that ends it) until the test is over. */
  const listen = (target: Caller | null, query: string) => {
    const received: Received[] = [];
    const ended: { error?: unknown } = {};
    const subscribed = connect(target).iterate({ query });
    void (async () => {
      try {
        for await (const event of subscribed) received.push(event as Received);
      } catch (error) {
        ended.error = error;
      }
    })();
    return { received, ended };
  };

  const mint = async (user: string, roles: string[], region: string, purpose?: string) =>
    caller(stack.gatewayUrl, await stack.realm.mint({ user, roles, region }), purpose);

  beforeAll(async () => {
    stores = await embeddedAccessStores();
    stack = await startTestStack(mysqlStorage, { stores });
    wsUrl = stack.gatewayUrl.replace(/^http/, 'ws');
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await stack?.[Symbol.asyncDispose]();
    await sql[Symbol.asyncDispose]();
  });

  it('delivers an alert to a supervisor in scope, masked by clearance and logged, and not to one outside it', async () => {
    const regions = await sql.rows<{ region: string }>(
      `SELECT DISTINCT LEFT(b.region_code, 4) region FROM ${testDb('civil_affairs')}.beneficiary b ORDER BY region`,
    );
    expect(regions.length).toBeGreaterThanOrEqual(2);
    const city = `${regions[0]!.region}00`;
    const inScope = listen(await mint('jc.city', ['supervisor'], city, 'JC-2026-0101; 预警订阅'), ALERTS);
    const outside = listen(await mint('jc.elsewhere', ['supervisor'], '321300', 'JC-2026-0102; 预警订阅'), ALERTS);
    const lowClearance = listen(await mint('body.clerk', ['rectifier'], city), ALERTS);
    await new Promise((resolve) => setTimeout(resolve, 300)); // the three are subscribed

    const { createWatchRule } = await gqlData(
      stack.supervisor,
      `mutation($input: WatchRuleInput!) { createWatchRule(input: $input) { id } }`,
      {
        input: {
          name: '订阅测试',
          office: '省纪委监委',
          check: 'WELFARE',
          regionCode: '320000',
          schedule: '0 3 1 * *',
        },
      },
    );
    const run = await gqlData(stack.supervisor, `mutation($id: ID!) { runWatchRule(id: $id) { newAlerts } }`, {
      id: createWatchRule.id,
    });
    const raised = await sql.rows<{ id: number; region: string; amount: number | null }>(
      `SELECT id, region_code region, amount FROM ${TEST_PREFIX}cases.alert WHERE rule_id = ?`,
      [Number(createWatchRule.id)],
    );
    expect(raised.length).toBe(run.runWatchRule.newAlerts);
    const expected = raised.filter((a) => a.region.startsWith(city.slice(0, 4)));
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(raised.length); // the other city's alerts exist, and stay away

    await waitUntil(
      10_000,
      () => inScope.received.length >= expected.length && lowClearance.received.length >= expected.length,
    );
    await new Promise((resolve) => setTimeout(resolve, 500)); // nothing more arrives
    const ids = (events: Received[]) => sorted(events.map((e) => String(e.data?.['alertRaised']?.id)));
    expect(ids(inScope.received)).toEqual(sorted(expected.map((a) => String(a.id))));
    expect(outside.received).toEqual([]);
    for (const event of inScope.received) {
      expect(event.errors).toBeUndefined();
      const alert = raised.find((a) => String(a.id) === event.data!['alertRaised'].id)!;
      expect(event.data!['alertRaised'].amount).toBe(alert.amount);
    }
    // INTERNAL clearance: the same alerts, the SENSITIVE amount withheld with its error.
    expect(ids(lowClearance.received)).toEqual(ids(inScope.received));
    for (const event of lowClearance.received) {
      expect(event.data!['alertRaised'].amount).toBeNull();
      expect(event.errors?.map((e) => e.extensions?.['code'])).toEqual(['FORBIDDEN_FIELD']);
    }
    // Each event that read SENSITIVE data is in the access log, with the caller's purpose.
    const logged = await stores.database.dataSource.query(
      `SELECT purpose, reads FROM access_log WHERE user_name = 'jc.city'`,
    );
    expect(logged.length).toBe(expected.length);
    for (const record of logged as Array<{ purpose: string; reads: string }>) {
      expect(record.purpose).toBe('JC-2026-0101; 预警订阅');
      expect(record.reads).toContain('Alert.amount');
    }
  });

  it("delivers a lead assignment to the body's region and not to another county", async () => {
    const [body] = await sql.rows<{ uscc: string; county: string }>(
      `SELECT uscc, region_code county FROM ${testDb('staffing')}.org WHERE region_code NOT LIKE '%00' ORDER BY id LIMIT 1`,
    );
    const [far] = await sql.rows<{ county: string }>(
      `SELECT region_code county FROM ${testDb('staffing')}.org WHERE region_code NOT LIKE '%00' AND LEFT(region_code, 4) <> LEFT(?, 4) LIMIT 1`,
      [body!.county],
    );
    const mine = listen(await mint('body.rectifier', ['rectifier'], body!.county), ASSIGNED);
    const theirs = listen(await mint('far.rectifier', ['rectifier'], far!.county), ASSIGNED);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const { registerLead } = await gqlData(
      stack.supervisor,
      `mutation($region: String!, $org: ID) { registerLead(input: { kind: "PAID_NOT_ON_ROLL", regionCode: $region, orgUscc: $org, summary: "订阅测试" }) { id } }`,
      { region: body!.county, org: body!.uscc },
    );
    await gqlData(
      stack.supervisor,
      `mutation($id: ID!, $org: ID!) { assignLead(id: $id, orgUscc: $org, deadline: "2099-01-31") { id } }`,
      { id: registerLead.id, org: body!.uscc },
    );
    await waitUntil(10_000, () => mine.received.length >= 1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(mine.received).toEqual([
      {
        data: {
          leadAssigned: {
            id: registerLead.id,
            state: 'ASSIGNED',
            regionCode: body!.county,
            org: { uscc: body!.uscc },
            deadline: '2099-01-31',
          },
        },
      },
    ]);
    expect(theirs.received).toEqual([]);
  });

  it('refuses a connection without a token, queries over WebSocket, and subscriptions over HTTP', async () => {
    const overHttp = await gql(stack.supervisor, ALERTS);
    expect(overHttp.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    const anonymous = listen(null, ALERTS);
    await waitUntil(10_000, () => anonymous.ended.error !== undefined);
    expect((anonymous.ended.error as { code?: number }).code).toBe(4403);
    // 120 aliases: over even a supervisor's 100, as over HTTP.
    const deep = listen(
      stack.supervisor,
      `subscription { alertRaised { ${Array.from({ length: 120 }, (_, i) => `a${i}: id`).join(' ')} } }`,
    );
    await waitUntil(10_000, () => deep.ended.error !== undefined);
    expect((deep.ended.error as Array<{ extensions?: Record<string, unknown> }>)[0]?.extensions?.['code']).toBe(
      'QUERY_TOO_COMPLEX',
    );
    const query = listen(stack.supervisor, `{ leadStatistics { total } }`);
    await waitUntil(10_000, () => query.ended.error !== undefined);
    expect((query.ended.error as Array<{ extensions?: Record<string, unknown> }>)[0]?.extensions?.['code']).toBe(
      'BAD_USER_INPUT',
    );
  });

  it("the cases system's own WebSocket answers only a subscription the gateway signed, and only once", async () => {
    const url = stack.cases.url.replace(/^http/, 'ws');
    const direct = (extensions: Record<string, unknown>) => {
      const client = createClient({ url, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
      clients.push(client);
      return new Promise<unknown>((resolve) => {
        client.subscribe(
          { query: ALERTS.replace(' person { personKey }', ''), extensions },
          { next: () => undefined, error: resolve, complete: () => resolve('completed') },
        );
        setTimeout(() => resolve('open'), 1_000);
      });
    };
    const query = ALERTS.replace(' person { personKey }', '');
    const access = encodeAccess({
      user: 'forger',
      roles: ['supervisor'],
      clearance: 'RESTRICTED',
      regions: ['320000'],
      purpose: null,
    });
    const govgraph = signRequest(subgraphSigningKey(DEV_SIGNING_SECRET, 'cases'), {
      method: SIGNED_SUBSCRIPTION_METHOD,
      path: '/graphql',
      access,
      body: signedCallBody(query, {}),
    });
    const codeOf = (outcome: unknown) =>
      Array.isArray(outcome) ? (outcome[0] as { extensions?: Record<string, unknown> }).extensions?.['code'] : outcome;
    expect(codeOf(await direct({}))).toBe('UNAUTHENTICATED');
    expect(codeOf(await direct({ govgraph: { ...govgraph, 'x-govgraph-signature': 'x'.repeat(43) } }))).toBe(
      'UNAUTHENTICATED',
    );
    expect(codeOf(await direct({ govgraph }))).toBe('open'); // signed: subscribed
    expect(codeOf(await direct({ govgraph }))).toBe('UNAUTHENTICATED'); // the same message again: a replay
  });
});
