import { SUBGRAPH_NAMES } from '../../common/subgraph-catalog';
import { mysqlStorage, testDb } from '../support/env';
import { gqlData } from '../support/graphql';
import { SqlOracle } from '../support/mysql';
import { startTestStack, type TestStack } from '../support/stack';

/**
 * The gateway joins the legacy audit system (plain GraphQL) to the federated Org in both directions,
 * and every subgraph gets one HTTP request per level of the plan, however many rows that level has.
 */
describe('gateway: legacy joins and subgraph requests per level', () => {
  const sql = new SqlOracle();
  let stack: TestStack;
  const requests = () => Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, stack.subgraphs[n].requests.count]));
  const resetRequests = () => SUBGRAPH_NAMES.forEach((n) => (stack.subgraphs[n].requests.count = 0));

  beforeAll(async () => {
    stack = await startTestStack(mysqlStorage);
  });
  afterAll(async () => {
    await stack[Symbol.asyncDispose]();
    await sql[Symbol.asyncDispose]();
  });

  it('Finding.responsibleOrg resolves the body from staffing, in one batched request', async () => {
    const expected = await sql.rows<{ id: number; name: string; level: string }>(
      `SELECT f.id, o.name, o.level FROM ${testDb('audit')}.finding f JOIN ${testDb('staffing')}.org o ON o.uscc = f.responsible_uscc ORDER BY f.id LIMIT 40`,
    );
    resetRequests();
    const data = await gqlData(
      stack.supervisor,
      `{ findings(first: 40) { nodes { id responsibleUscc responsibleOrg { uscc name level } } } }`,
    );
    expect(
      data.findings.nodes.map((f: any) => ({
        id: Number(f.id),
        name: f.responsibleOrg.name,
        level: f.responsibleOrg.level,
      })),
    ).toEqual(expected);
    expect(data.findings.nodes.every((f: any) => f.responsibleOrg.uscc === f.responsibleUscc)).toBe(true);
    expect(requests()).toMatchObject({ audit: 1, staffing: 1, finance: 0 });
  });

  it('Org.auditFindings lists the body’s findings from audit, batched across bodies', async () => {
    const bodies = await sql.rows<{ uscc: string }>(
      `SELECT uscc FROM ${testDb('staffing')}.org WHERE level = 'CITY' ORDER BY id`,
    );
    const counts = await sql.rows<{ uscc: string; n: number }>(
      `SELECT responsible_uscc uscc, COUNT(*) n FROM ${testDb('audit')}.finding GROUP BY responsible_uscc`,
    );
    const expected = new Map(counts.map((c) => [c.uscc, Number(c.n)]));
    resetRequests();
    const data = await gqlData(
      stack.supervisor,
      `{ orgs(filter: { level: CITY }, first: 100) { nodes { uscc auditFindings { id category responsibleUscc } } } }`,
    );
    expect(data.orgs.nodes.map((o: any) => o.uscc)).toEqual(bodies.map((b) => b.uscc));
    for (const org of data.orgs.nodes) {
      expect([org.uscc, org.auditFindings.length]).toEqual([org.uscc, expected.get(org.uscc) ?? 0]);
      expect(org.auditFindings.every((f: any) => f.responsibleUscc === org.uscc)).toBe(true);
    }
    expect(data.orgs.nodes.some((o: any) => o.auditFindings.length > 0)).toBe(true);
    expect(requests()).toMatchObject({ staffing: 1, audit: 1 });
  });

  it('three levels across five subgraphs: one request per subgraph per level', async () => {
    resetRequests();
    const data = await gqlData(
      stack.supervisor,
      `{
      people(first: 80) { nodes {
        name
        payrollLines { gross org { name auditFindings { responsibleOrg { name } } } }
        reliefMemberships { id }
        workRecords(first: 2) { totalCount }
      } }
    }`,
    );
    expect(data.people.nodes).toHaveLength(80);
    // Level 1: people (staffing). Level 2: pay lines, relief, work records. Level 3: the paying body's
    // name (staffing) and its findings (audit). Level 4: each finding's body (staffing).
    expect(requests()).toEqual({ staffing: 3, finance: 1, 'civil-affairs': 1, audit: 1, activity: 1 });
  });
});
