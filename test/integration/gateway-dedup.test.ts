import { ChaosProxy } from '../support/chaos-proxy';
import { mysqlStorage } from '../support/env';
import { gqlData } from '../support/graphql';
import { startTestStack, type TestStack } from '../support/stack';

/** Identical subgraph requests in flight at the same time are sent once and shared. */
describe('gateway: in-flight deduplication', () => {
  let stack: TestStack;
  let proxy: ChaosProxy;
  beforeAll(async () => {
    stack = await startTestStack(mysqlStorage, {
      route: async (name, url) => (name === 'finance' ? (proxy = await ChaosProxy.start(url)).url : url),
    });
  });
  afterAll(async () => {
    await stack[Symbol.asyncDispose]();
    await proxy[Symbol.asyncDispose]();
  });

  it('ten identical concurrent queries cost the subgraph one request, and all get the answer', async () => {
    const query = '{ payrollLines(first: 50, filter: { month: "2026-05" }) { totalCount nodes { gross } } }';
    const alone = await gqlData(stack.supervisor, query);
    // Slow the subgraph down so the ten requests overlap in flight.
    proxy.mode = { kind: 'delay', ms: 300 };
    proxy.requests = 0;
    const answers = await Promise.all(Array.from({ length: 10 }, () => gqlData(stack.supervisor, query)));
    expect(answers.every((a) => JSON.stringify(a) === JSON.stringify(alone))).toBe(true);
    expect(proxy.requests).toBe(1);
  });

  it('different queries are not merged', async () => {
    proxy.mode = { kind: 'delay', ms: 200 };
    proxy.requests = 0;
    await Promise.all(
      ['2026-04', '2026-05', '2026-06'].map((m) =>
        gqlData(stack.supervisor, `{ payrollLines(first: 5, filter: { month: "${m}" }) { totalCount } }`),
      ),
    );
    expect(proxy.requests).toBe(3);
  });
});
