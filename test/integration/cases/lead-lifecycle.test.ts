import { caller, type Caller } from '../../support/access';
import { mysqlStorage, TEST_PREFIX, testDb } from '../../support/env';
import { gql, gqlData } from '../../support/graphql';
import { SqlOracle } from '../../support/mysql';
import { startTestStack, type TestStack } from '../../support/stack';

/**
 * 线索处置 through the gateway: a lead registered, assigned (交办), verified (核查), rectified with
 * evidence (整改), returned and rectified again, reviewed by someone other than the rectifier (复核) and
 * closed (办结); every move by a role allowed to make it, every step recorded; overdue leads go one level
 * up; the counts agree with plain SQL over the cases database.
 */
const LEAD = `id state orgUscc: org { uscc } deadline escalationLevel handlingRegion overdue
  steps { action fromState toState actor note amountRecovered documents }`;

interface Lead {
  id: string;
  state: string;
  orgUscc: { uscc: string } | null;
  deadline: string | null;
  escalationLevel: number;
  handlingRegion: string;
  overdue: boolean;
  steps: Array<{
    action: string;
    fromState: string | null;
    toState: string;
    actor: string;
    note: string | null;
    amountRecovered: number | null;
    documents: string[];
  }>;
}

const CASES_DB = `${TEST_PREFIX}cases`;
const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

describe('cases: a lead from finding to close', () => {
  const sql = new SqlOracle();
  let stack: TestStack;
  let supervisor: Caller;
  let otherSupervisor: Caller;
  let rectifier: Caller;
  let farRectifier: Caller;
  let body: { uscc: string; county: string };

  const run = async (target: Caller, mutation: string, variables: Record<string, unknown> = {}) => {
    const body = await gql(target, mutation, variables);
    return {
      lead: (body.data ? Object.values(body.data)[0] : null) as Lead | null,
      code: body.errors?.[0]?.extensions?.['code'] as string | undefined,
      message: body.errors?.[0]?.message,
    };
  };
  const must = async (target: Caller, mutation: string, variables: Record<string, unknown> = {}) => {
    const result = await run(target, mutation, variables);
    if (!result.lead) throw new Error(`refused: ${result.code} ${result.message}`);
    return result.lead;
  };
  const register = (summary: string) =>
    must(
      supervisor,
      `mutation($summary: String!, $region: String!, $org: ID) { registerLead(input: { kind: "PAID_NOT_ON_ROLL", regionCode: $region, orgUscc: $org, summary: $summary }) { ${LEAD} } }`,
      { summary, region: body.county, org: body.uscc },
    );
  const assign = (target: Caller, id: string, deadline = tomorrow()) =>
    run(
      target,
      `mutation($id: ID!, $org: ID!, $deadline: Date!) { assignLead(id: $id, orgUscc: $org, deadline: $deadline, note: "请于期限内整改") { ${LEAD} } }`,
      { id, org: body.uscc, deadline },
    );
  const step = (target: Caller, field: string, id: string, args = '') =>
    run(target, `mutation($id: ID!) { ${field}(id: $id${args}) { ${LEAD} } }`, { id });

  beforeAll(async () => {
    stack = await startTestStack(mysqlStorage);
    const [county] = await sql.rows<{ uscc: string; county: string }>(
      `SELECT uscc, region_code county FROM ${testDb('staffing')}.org WHERE region_code NOT LIKE '%00' ORDER BY id LIMIT 1`,
    );
    const [far] = await sql.rows<{ county: string }>(
      `SELECT region_code county FROM ${testDb('staffing')}.org WHERE region_code NOT LIKE '%00' AND LEFT(region_code, 4) <> LEFT(?, 4) LIMIT 1`,
      [county!.county],
    );
    body = county!;
    const mint = async (user: string, roles: string[], region: string, purpose?: string) =>
      caller(stack.gatewayUrl, await stack.realm.mint({ user, roles, region }), purpose);
    supervisor = stack.supervisor;
    otherSupervisor = await mint('jc.reviewer', ['supervisor'], '320000', 'JC-2026-0002; review');
    rectifier = await mint('body.rectifier', ['rectifier'], body.county);
    farRectifier = await mint('far.rectifier', ['rectifier'], far!.county);
  });
  afterAll(async () => {
    await stack?.[Symbol.asyncDispose]();
    await sql[Symbol.asyncDispose]();
  });

  it('walks the whole lifecycle with the right roles, each step recorded with who and what', async () => {
    const lead = await register('工资统发名单中有一人不在实名制名册');
    expect(lead.state).toBe('REGISTERED');
    expect((await assign(supervisor, lead.id)).lead?.state).toBe('ASSIGNED');
    expect((await step(rectifier, 'startLeadVerification', lead.id)).lead?.state).toBe('VERIFYING');
    expect((await step(rectifier, 'confirmLead', lead.id, ', note: "属实"')).lead?.state).toBe('RECTIFYING');
    const rectify = (text: string, amount: number) =>
      step(
        rectifier,
        'submitRectification',
        lead.id,
        `, input: { text: "${text}", amountRecovered: ${amount}, documents: ["苏财〔2026〕12号", "file:8812"] }`,
      );
    expect((await rectify('已停发并追回', 24000)).lead?.state).toBe('REVIEWING');
    expect((await step(otherSupervisor, 'returnLead', lead.id, ', reason: "追回金额不足"')).lead?.state).toBe(
      'RECTIFYING',
    );
    expect((await rectify('已全额追回', 36000)).lead?.state).toBe('REVIEWING');
    const closed = (await step(otherSupervisor, 'closeLead', lead.id, ', note: "复核通过"')).lead!;
    expect(closed.state).toBe('CLOSED');
    expect(closed.steps.map((s) => [s.action, s.fromState, s.toState, s.actor])).toEqual([
      ['register', null, 'REGISTERED', 'test.supervisor'],
      ['assign', 'REGISTERED', 'ASSIGNED', 'test.supervisor'],
      ['verify', 'ASSIGNED', 'VERIFYING', 'body.rectifier'],
      ['confirm', 'VERIFYING', 'RECTIFYING', 'body.rectifier'],
      ['rectify', 'RECTIFYING', 'REVIEWING', 'body.rectifier'],
      ['return', 'REVIEWING', 'RECTIFYING', 'jc.reviewer'],
      ['rectify', 'RECTIFYING', 'REVIEWING', 'body.rectifier'],
      ['close', 'REVIEWING', 'CLOSED', 'jc.reviewer'],
    ]);
    expect(closed.steps[6]).toMatchObject({
      note: '已全额追回',
      amountRecovered: 36000,
      documents: ['苏财〔2026〕12号', 'file:8812'],
    });
    // As recorded in the cases database, independently of the API.
    const rows = await sql.rows<{ action: string; actor: string; amount: number | null }>(
      `SELECT action, actor, amount_recovered amount FROM ${CASES_DB}.lead_event WHERE lead_id = ? ORDER BY id`,
      [Number(lead.id)],
    );
    expect(rows.map((r) => [r.action, r.actor])).toEqual(closed.steps.map((s) => [s.action, s.actor]));
    expect(rows.filter((r) => r.amount !== null).map((r) => Number(r.amount))).toEqual([24000, 36000]);
  });

  it('refuses moves by the wrong role, out of order, out of scope or by the rectifier reviewing their own work', async () => {
    const lead = await register('另一条线索');
    expect((await assign(rectifier, lead.id)).code).toBe('FORBIDDEN_FIELD');
    expect((await step(rectifier, 'closeLead', lead.id, ', note: "x"')).code).toBe('FORBIDDEN_FIELD');
    expect((await step(supervisor, 'closeLead', lead.id, ', note: "x"')).code).toBe('BAD_USER_INPUT'); // not reviewed
    expect((await step(rectifier, 'startLeadVerification', lead.id)).code).toBe('BAD_USER_INPUT'); // not assigned yet
    expect((await assign(supervisor, lead.id, '2020-01-01')).code).toBe('BAD_USER_INPUT'); // deadline in the past
    expect((await assign(supervisor, lead.id)).lead?.state).toBe('ASSIGNED');
    expect((await step(farRectifier, 'startLeadVerification', lead.id)).code).toBe('BAD_USER_INPUT'); // not in scope
    expect((await step(supervisor, 'startLeadVerification', lead.id)).code).toBe('FORBIDDEN_FIELD');
    // Someone holding both roles does the rectification, then tries to review it.
    const both = caller(
      stack.gatewayUrl,
      await stack.realm.mint({ user: 'both.roles', roles: ['supervisor', 'rectifier'], region: body.county }),
      'JC-2026-0003; both',
    );
    await step(both, 'startLeadVerification', lead.id);
    await step(both, 'confirmLead', lead.id, ', note: "属实"');
    expect((await step(both, 'submitRectification', lead.id, ', input: { text: "已整改" }')).lead?.state).toBe(
      'REVIEWING',
    );
    expect((await step(both, 'closeLead', lead.id, ', note: "自己复核"')).code).toBe('FORBIDDEN_FIELD');
    expect((await step(otherSupervisor, 'closeLead', lead.id, ', note: "复核通过"')).lead?.state).toBe('CLOSED');
    expect((await step(otherSupervisor, 'closeLead', lead.id, ', note: "again"')).code).toBe('BAD_USER_INPUT');
    const forged = await step(supervisor, 'closeLead', "1' OR '1'='1", ', note: "x"');
    expect(forged.code).toBe('BAD_USER_INPUT');
  });

  it('escalates an overdue lead one level up, once, and lists it as overdue', async () => {
    const lead = await register('逾期未整改');
    await assign(supervisor, lead.id);
    // A day passes: the deadline is moved to yesterday in the cases database itself.
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await sql.rows(`UPDATE ${CASES_DB}.lead SET deadline = ? WHERE id = ?`, [yesterday, Number(lead.id)]);
    const first = (await gqlData(
      supervisor,
      `mutation { escalateOverdueLeads { id escalationLevel handlingRegion } }`,
    )) as {
      escalateOverdueLeads: Array<{ id: string; escalationLevel: number; handlingRegion: string }>;
    };
    const city = `${body.county.slice(0, 4)}00`;
    const mine = first.escalateOverdueLeads.find((l) => l.id === lead.id)!;
    expect(mine.handlingRegion).toBe(city);
    expect(mine.escalationLevel).toBe(1);
    const again = (await gqlData(supervisor, `mutation { escalateOverdueLeads { id } }`)) as {
      escalateOverdueLeads: Array<{ id: string }>;
    };
    expect(again.escalateOverdueLeads.map((l) => l.id)).not.toContain(lead.id);
    const today = new Date().toISOString().slice(0, 10);
    const listed = (await gqlData(
      supervisor,
      `query($today: Date!) { leads(overdueOn: $today, first: 100) { nodes { id overdue handlingRegion } } }`,
      { today },
    )) as { leads: { nodes: Array<{ id: string; overdue: boolean }> } };
    expect(listed.leads.nodes.find((l) => l.id === lead.id)).toMatchObject({ overdue: true });
    expect((await gql(rectifier, `mutation { escalateOverdueLeads { id } }`)).errors?.[0]?.extensions?.['code']).toBe(
      'FORBIDDEN_FIELD',
    );
  });

  it('counts leads by state, region and kind as plain SQL over the cases database does', async () => {
    const data = (await gqlData(
      supervisor,
      `{ leadStatistics { total overdue byState { state leads } byRegion { regionCode state leads } byKind { kind leads } medianDaysToClose } }`,
    )) as {
      leadStatistics: {
        total: number;
        overdue: number;
        byState: Array<{ state: string; leads: number }>;
        byKind: Array<{ kind: string; leads: number }>;
        byRegion: Array<{ regionCode: string; state: string; leads: number }>;
        medianDaysToClose: number | null;
      };
    };
    const s = data.leadStatistics;
    const byState = await sql.rows<{ state: string; leads: number }>(
      `SELECT state, COUNT(*) leads FROM ${CASES_DB}.lead WHERE region_code LIKE '32%' GROUP BY state ORDER BY state`,
    );
    expect(s.byState).toEqual(byState.map((r) => ({ state: r.state, leads: Number(r.leads) })));
    expect(s.total).toBe(byState.reduce((n, r) => n + Number(r.leads), 0));
    const byRegion = await sql.rows<{ regionCode: string; state: string; leads: number }>(
      `SELECT region_code regionCode, state, COUNT(*) leads FROM ${CASES_DB}.lead WHERE region_code LIKE '32%' GROUP BY region_code, state ORDER BY region_code, state`,
    );
    expect(s.byRegion).toEqual(byRegion.map((r) => ({ ...r, leads: Number(r.leads) })));
    const overdue = await sql.value<number>(
      `SELECT COUNT(*) FROM ${CASES_DB}.lead WHERE state IN ('ASSIGNED','VERIFYING','RECTIFYING') AND deadline < ?`,
      [new Date().toISOString().slice(0, 10)],
    );
    expect(s.overdue).toBe(Number(overdue));
    expect(s.overdue).toBeGreaterThan(0);
    expect(s.medianDaysToClose).not.toBeNull();
  });
});
