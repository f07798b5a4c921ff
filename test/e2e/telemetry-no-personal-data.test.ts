import { rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { devLogin, spawnStack, sqliteRows, type SpawnedStack } from '../../stack/spawned-stack';
import { gql } from '../support/graphql';

/** OTLP span kinds (SPAN_KIND_SERVER, SPAN_KIND_CLIENT). */
const SERVER_SPAN = 2;
const CLIENT_SPAN = 3;

interface OtlpSpan {
  service: string;
  kind: number;
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
}

/** An OTLP/HTTP trace collector on loopback: keeps every body as sent (JSON) for scanning. */
async function startCollector() {
  const bodies: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      bodies.push(body);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const spans = (): OtlpSpan[] =>
    bodies.flatMap((body) => {
      const parsed = JSON.parse(body) as {
        resourceSpans: Array<{
          resource: { attributes: Array<{ key: string; value: { stringValue?: string } }> };
          scopeSpans: Array<{ spans: OtlpSpan[] }>;
        }>;
      };
      return parsed.resourceSpans.flatMap((r) => {
        const service = r.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '';
        return r.scopeSpans.flatMap((s) => s.spans.map((span) => ({ ...span, service })));
      });
    });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    bodies,
    spans,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

/**
 * The whole stack as deployed (npm start: separate processes), traced to a real OTLP collector, logging
 * at debug, while callers read names and ID numbers, put an ID number in their variables and a name in
 * their purpose, send forged tokens and anonymous requests. Afterwards no seeded name or ID number, no
 * token and no purpose text is in the logs, the metrics or the spans, which still tell what happened.
 */
describe('telemetry: metrics, traces and logs without personal data', () => {
  let collector: Awaited<ReturnType<typeof startCollector>>;
  let stack: SpawnedStack;

  beforeAll(async () => {
    collector = await startCollector();
    stack = await spawnStack({ OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, LOG_LEVEL: 'debug' });
  }, 180_000);
  afterAll(async () => {
    if (stack?.child.exitCode === null) stack.child.kill('SIGKILL');
    if (stack) rmSync(stack.dataDir, { recursive: true, force: true });
    await collector?.close();
  });

  it('records what happened and nothing of whom it was about', async () => {
    const { gatewayUrl } = stack;
    const staffing = await stack.database('staffing');
    const people = sqliteRows(staffing, 'SELECT name, id_number FROM person') as Array<{
      name: string;
      id_number: string;
    }>;
    expect(people.length).toBeGreaterThan(1000);
    const [victim] = people;

    const token = await devLogin(gatewayUrl, 'supervisor.province');
    const officerToken = await devLogin(gatewayUrl, 'staffing.suzhou');
    const purpose = `JC-2026-0001; ${encodeURIComponent(`核查${victim!.name}`)}`;
    const supervisor = {
      url: gatewayUrl,
      headers: { authorization: `Bearer ${token}`, 'x-govgraph-purpose': purpose },
    };
    const officer = { url: gatewayUrl, headers: { authorization: `Bearer ${officerToken}` } };
    const forged = `${token.slice(0, token.lastIndexOf('.'))}.${Buffer.from(victim!.id_number).toString('base64url')}`;

    const read = await gql(supervisor, 'query PeopleWithIds { people(first: 50) { nodes { name idNumber } } }');
    const seen = read.data!.people.nodes as Array<{ name: string; idNumber: string }>;
    expect(seen.length).toBe(50);
    expect(seen.some((p) => people.some((q) => q.id_number === p.idNumber))).toBe(true);
    await gql(supervisor, `query ByName($f: PersonFilter) { people(filter: $f) { nodes { name idNumber } } }`, {
      f: { nameContains: victim!.name },
    });
    await gql(
      officer,
      'query OrgSearch($filter: OrgFilter, $first: Int = 20, $after: String) { orgs(filter: $filter, first: $first, after: $after) { totalCount nodes { uscc name } } }',
    );
    await gql(officer, `query Q${victim!.id_number} { people(first: 5) { nodes { name idNumber } } }`);
    expect((await gql(gatewayUrl, '{ people(first: 1) { nodes { name } } }')).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN_FIELD',
    );
    expect(
      (
        await fetch(gatewayUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${forged}` },
          body: JSON.stringify({ query: '{ orgs { totalCount } }' }),
        })
      ).status,
    ).toBe(401);
    await gql(supervisor, `{ people(first: 5, after: "${victim!.id_number}") { totalCount } }`);

    const metrics = await (await fetch(gatewayUrl.replace('/graphql', '/metrics'))).text();
    // The stack stops as an operator stops it; spans still buffered are sent on the way out.
    const exited = new Promise((done) => stack.child.once('exit', done));
    stack.child.kill('SIGINT');
    await exited;
    const logs = stack.output();
    const traces = collector.bodies.join('\n');

    // What happened is there.
    expect(logs).toMatch(/operation answered/);
    expect(metrics).toMatch(/govgraph_requests_total\{operation="OrgSearch",outcome="ok"\} 1/);
    expect(metrics).toMatch(/govgraph_requests_total\{operation="\(other\)",outcome="ok"\} [1-9]/);
    expect(metrics).toMatch(/govgraph_errors_total\{code="FORBIDDEN_FIELD"\} [1-9]/);
    expect(metrics).toMatch(/govgraph_errors_total\{code="UNAUTHENTICATED"\} [1-9]/);
    expect(metrics).toMatch(/govgraph_field_decisions_total\{coordinate="Person.idNumber",decision="masked"\} [1-9]/);
    expect(metrics).toMatch(
      /govgraph_subgraph_request_duration_seconds_count\{subgraph="staffing",outcome="ok"\} [1-9]/,
    );
    expect(metrics).toMatch(/govgraph_access_log_write_duration_seconds_count\{outcome="ok"\} [1-9]/);
    expect(metrics).toMatch(/govgraph_circuit_breaker_state\{endpoint="[^"]+"\} 0/);
    const spans = collector.spans();
    const gatewaySpans = spans.filter((s) => s.service === 'govgraph-gateway' && s.name.startsWith('gateway '));
    const staffingSpans = spans.filter((s) => s.service === 'govgraph-staffing');
    expect(staffingSpans.every((s) => s.kind === SERVER_SPAN)).toBe(true);
    expect(spans.filter((s) => s.name === 'subgraph staffing').every((s) => s.kind === CLIENT_SPAN)).toBe(true);
    expect(gatewaySpans.length).toBeGreaterThan(3);
    // W3C trace context: each staffing span continues a gateway request's trace, as its child.
    // (Calls without a trace, such as the gateway fetching SDL at start, begin their own.)
    const continued = staffingSpans.filter((s) => s.parentSpanId);
    expect(continued.length).toBeGreaterThan(3);
    for (const span of continued) {
      expect(gatewaySpans.some((g) => g.traceId === span.traceId && g.spanId === span.parentSpanId)).toBe(true);
    }

    // Whom it was about is not: no seeded name or ID number, no token, no purpose text.
    for (const [what, text] of [
      ['logs', logs],
      ['metrics', metrics],
      ['traces', traces],
    ] as const) {
      const idNumbers = new Set(people.map((p) => p.id_number));
      const names = new Set(people.map((p) => p.name));
      const foundIds = [...text.matchAll(/[0-9]{17}[0-9X]/g)].map((m) => m[0]).filter((id) => idNumbers.has(id));
      const foundNames = [...text.matchAll(/\p{Script=Han}{2,4}/gu)].map((m) => m[0]).filter((n) => names.has(n));
      expect([what, foundIds, foundNames]).toEqual([what, [], []]);
      for (const secret of [
        token,
        officerToken,
        forged.split('.')[2]!,
        purpose,
        victim!.name,
        encodeURIComponent(victim!.name),
      ]) {
        expect([what, text.includes(secret)]).toEqual([what, false]);
      }
    }
  }, 120_000);
});
