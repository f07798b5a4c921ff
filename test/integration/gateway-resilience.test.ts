import type { SubgraphCallPolicy } from '../../gateway/request/resilience/call-policy';
import { runSubgraph, type StartedSubgraph } from '../../subgraphs/common/run-subgraph';
import { SUBGRAPH_DEFINITIONS } from '../../subgraphs/definitions';
import { ChaosProxy } from '../support/chaos-proxy';
import { mysqlStorage } from '../support/env';
import { gql } from '../support/graphql';
import { startTestStack, type TestStack } from '../support/stack';
import { waitUntil } from '../support/wait';

const POLICY: SubgraphCallPolicy = {
  timeoutMs: 1500,
  timeoutByName: {},
  retries: 2,
  backoffMs: 20,
  maxResponseBytes: 1024 * 1024,
  breaker: { minimumCalls: 3, failurePercent: 50, cooldownMs: 400, windowMs: 10_000 },
};

const CIVIL_AFFAIRS_BUDGET_MS = 2500;

const QUERY = `{ people(first: 20) { nodes { name payrollLines { gross } reliefMemberships { id } } } }`;

type Answer = Awaited<ReturnType<typeof gql<any>>>;
const unavailable = (answer: Answer) =>
  (answer.errors ?? []).filter((e) => e.extensions?.code === 'SUBGRAPH_UNAVAILABLE');

/** Healthy subgraphs' data still arrives; the broken one's fields are null with a coded error and a path. */
function expectPartial(answer: Answer, subgraph: string, reason: RegExp) {
  const nodes = answer.data!.people.nodes as any[];
  expect(nodes).toHaveLength(20);
  expect(nodes.every((n) => typeof n.name === 'string' && Array.isArray(n.payrollLines))).toBe(true);
  expect(nodes.every((n) => n.reliefMemberships === null)).toBe(true);
  const errors = unavailable(answer);
  expect(errors.length).toBeGreaterThan(0);
  expect(errors[0]!.message).toMatch(reason);
  expect(errors[0]!.extensions?.['subgraph']).toBe(subgraph);
  expect(errors.some((e) => e.path?.[0] === 'people' && e.path.includes('reliefMemberships'))).toBe(true);
  expect(JSON.stringify(answer.errors)).not.toMatch(/SELECT|stack|at .*\.js/);
}

describe('gateway resilience', () => {
  describe('a subgraph killed mid-run', () => {
    let stack: TestStack;
    let civilUrl: string;
    let revived: StartedSubgraph | undefined;
    beforeAll(async () => {
      stack = await startTestStack(mysqlStorage, { policy: POLICY });
      civilUrl = stack.subgraphs['civil-affairs'].url;
    });
    afterAll(async () => {
      await revived?.close();
      await stack[Symbol.asyncDispose]();
    });

    it('answers with the healthy subgraphs’ data plus SUBGRAPH_UNAVAILABLE, opens the breaker, then recovers', async () => {
      expect(unavailable(await gql(stack.supervisor, QUERY))).toEqual([]);
      await stack.subgraphs['civil-affairs'].close();

      expectPartial(await gql(stack.supervisor, QUERY), 'civil-affairs', /connection failed/);
      for (let i = 0; i < 3; i++) await gql(stack.supervisor, QUERY);
      expect(stack.gateway.breakers.states()[civilUrl]).toBe('open');
      const readyz = (await (await fetch(stack.gatewayUrl.replace('/graphql', '/readyz'))).json()) as {
        subgraphs: Record<string, string>;
      };
      expect(readyz.subgraphs[civilUrl]).toBe('open');

      const started = Date.now();
      expectPartial(await gql(stack.supervisor, QUERY), 'civil-affairs', /circuit open/);
      expect(Date.now() - started).toBeLessThan(POLICY.timeoutMs);

      revived = await runSubgraph(SUBGRAPH_DEFINITIONS['civil-affairs'], {
        storage: mysqlStorage,
        port: Number(new URL(civilUrl).port),
      });
      // the breaker lets a trial call through once its cooldown is over; that call finds the subgraph back
      let recovered = await gql(stack.supervisor, QUERY);
      await waitUntil(POLICY.breaker.cooldownMs + 10_000, async () => {
        recovered = await gql(stack.supervisor, QUERY);
        return unavailable(recovered).length === 0;
      });
      expect(unavailable(recovered)).toEqual([]);
      expect(recovered.data!.people.nodes.every((n: any) => Array.isArray(n.reliefMemberships))).toBe(true);
      expect(stack.gateway.breakers.states()[civilUrl]).toBe('closed');
    }, 30_000);
  });

  describe('a misbehaving subgraph behind a faulty network', () => {
    let stack: TestStack;
    let proxy: ChaosProxy;
    beforeAll(async () => {
      stack = await startTestStack(mysqlStorage, {
        // A breaker that never opens here, so each case shows the executor's own handling.
        // civil-affairs has a budget of its own, longer than everyone else's.
        policy: {
          ...POLICY,
          timeoutByName: { 'civil-affairs': CIVIL_AFFAIRS_BUDGET_MS },
          breaker: { ...POLICY.breaker, minimumCalls: 1000 },
        },
        route: async (name, url) => (name === 'civil-affairs' ? (proxy = await ChaosProxy.start(url)).url : url),
      });
    });
    afterEach(() => {
      proxy.mode = { kind: 'pass' };
    });
    afterAll(async () => {
      await stack[Symbol.asyncDispose]();
      await proxy[Symbol.asyncDispose]();
    });

    it('a slow subgraph: the answer comes within its time budget, with the others’ data', async () => {
      proxy.mode = { kind: 'delay', ms: 6000 };
      const started = Date.now();
      const answer = await gql(stack.supervisor, QUERY);
      const took = Date.now() - started;
      expect(took).toBeGreaterThanOrEqual(CIVIL_AFFAIRS_BUDGET_MS - 50);
      expect(took).toBeLessThan(CIVIL_AFFAIRS_BUDGET_MS + 1000);
      expectPartial(answer, 'civil-affairs', /timed out/);
    });

    it('a subgraph slower than the default budget but within its own answers in full', async () => {
      proxy.mode = { kind: 'delay', ms: POLICY.timeoutMs + 300 };
      const answer = await gql(stack.supervisor, QUERY);
      expect(answer.errors ?? []).toEqual([]);
      expect((answer.data!.people.nodes as any[]).every((n) => Array.isArray(n.reliefMemberships))).toBe(true);
    });

    it('malformed JSON: a coded error, and nothing of the body is shown', async () => {
      proxy.mode = { kind: 'malformed' };
      const answer = await gql(stack.supervisor, QUERY);
      expectPartial(answer, 'civil-affairs', /not a GraphQL result/);
      expect(JSON.stringify(answer)).not.toContain('oops');
    });

    it('a huge answer is cut off at the size limit', async () => {
      proxy.mode = { kind: 'huge', bytes: 5 * 1024 * 1024 };
      expectPartial(await gql(stack.supervisor, QUERY), 'civil-affairs', /limit/);
    });

    it('wrong types in an answer give field errors, not a crash', async () => {
      proxy.mode = { kind: 'wrong-types' };
      const answer = await gql(
        stack.supervisor,
        `{ beneficiaries(first: 5) { nodes { id monthlyAmount } } people(first: 3) { nodes { name } } }`,
      );
      expect(answer.data!.people.nodes).toHaveLength(3);
      expect(answer.errors!.length).toBeGreaterThan(0);
      proxy.mode = { kind: 'pass' };
      expect(unavailable(await gql(stack.supervisor, QUERY))).toEqual([]);
    });

    it('a dropped connection on a query is retried and the answer is whole', async () => {
      proxy.mode = { kind: 'reset-once' };
      proxy.requests = 0;
      const answer = await gql(stack.supervisor, QUERY);
      expect(answer.errors ?? []).toEqual([]);
      expect(answer.data!.people.nodes.every((n: any) => Array.isArray(n.reliefMemberships))).toBe(true);
      expect(proxy.requests).toBe(2);
    });
  });
});
