import { mysqlStorage } from '../support/env';
import { gqlData } from '../support/graphql';
import { startTestStack, type TestStack } from '../support/stack';

/**
 * DataLoader batching: the SQL statements one request causes grow with the entity types it touches,
 * not with the number of rows.
 */
const PEOPLE_WITH_PAYROLL_AND_PLAN = `query ($first: Int!) {
  people(first: $first) {
    nodes {
      name
      payrollLines { month gross org { uscc } }
      org { name plan { documentNumber leaderPosts { chief deputy } quotas { type quota } } }
    }
  }
}`;

describe('SQL statements per request', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack(mysqlStorage);
  });
  afterAll(async () => {
    await stack[Symbol.asyncDispose]();
  });

  async function countFor(first: number) {
    stack.resetStatementCounts();
    const data = await gqlData<{ people: { nodes: Array<{ payrollLines: unknown[]; org: { plan: unknown } }> } }>(
      stack.supervisor,
      PEOPLE_WITH_PAYROLL_AND_PLAN,
      { first },
    );
    return { counts: stack.statementCounts(), nodes: data.people.nodes };
  }

  it('100 people with payroll lines and their body plan: at most one statement per entity type per subgraph', async () => {
    const { counts, nodes } = await countFor(100);
    expect(nodes).toHaveLength(100);
    expect(nodes.some((n) => n.payrollLines.length > 0)).toBe(true);
    expect(nodes.every((n) => n.org.plan !== null)).toBe(true);
    // staffing touches Person, Org, EstablishmentPlan, EstablishmentQuota; finance touches PayrollLine.
    expect(counts.staffing).toBe(4);
    expect(counts.finance).toBe(1);
    expect(counts['civil-affairs']).toBe(0);
    expect(counts.activity).toBe(0);
    expect(counts.audit).toBe(0);
  });

  it('the same query for 10 and for 200 people costs the same number of statements', async () => {
    const small = await countFor(10);
    const large = await countFor(200);
    expect(large.nodes).toHaveLength(200);
    expect(large.counts).toEqual(small.counts);
  });
});
