import { mysqlStorage, TEST_PREFIX } from '../../support/env';
import { gql, gqlData } from '../../support/graphql';
import { SqlOracle } from '../../support/mysql';
import { startTestStack, type TestStack } from '../../support/stack';

/**
 * 与民互动 through the gateway, without a token: a complaint filed gets a tracking number and nothing
 * else; it becomes a lead; the citizen, with the number and their secret, sees only the state and the
 * public reply, never names or internal notes; a wrong secret looks like an unknown number and, after
 * five, locks the number for a while.
 */
const FILE = `mutation($input: ComplaintInput!) { fileComplaint(input: $input) { trackingNumber } }`;
const STATUS = `query($n: String!, $s: String!) { complaintStatus(trackingNumber: $n, secret: $s) { trackingNumber state publicReply receivedOn } }`;
const CASES_DB = `${TEST_PREFIX}cases`;
const SECRET = 'my own secret 42';
const TEXT = '某局工作人员张三长期不上班却照领工资，身份证号320102198001011234。';

describe('cases: complaints from the public', () => {
  const sql = new SqlOracle();
  let stack: TestStack;
  let anonymous: { url: string };
  let trackingNumber: string;

  beforeAll(async () => {
    stack = await startTestStack(mysqlStorage);
    anonymous = { url: stack.gatewayUrl };
    const filed = await gql(anonymous, FILE, {
      input: { regionCode: '320102', text: TEXT, contact: '13800000000', secret: SECRET },
    });
    expect(filed.errors).toBeUndefined();
    expect(Object.keys(filed.data!['fileComplaint'])).toEqual(['trackingNumber']);
    trackingNumber = filed.data!['fileComplaint'].trackingNumber as string;
  });
  afterAll(async () => {
    await stack?.[Symbol.asyncDispose]();
    await sql[Symbol.asyncDispose]();
  });

  it('files without a token, answers nothing but a tracking number, and keeps the secret only as a hash', async () => {
    expect(trackingNumber).toMatch(/^TS\d{14}$/);
    const [row] = await sql.rows<{ hash: string }>(
      `SELECT secret_hash hash FROM ${CASES_DB}.complaint WHERE tracking_number = ?`,
      [trackingNumber],
    );
    expect(row!.hash).toMatch(/^[0-9a-f]{32}:[0-9a-f]{64}$/);
    expect(row!.hash).not.toContain(SECRET);
  });

  it('becomes a lead of kind COMPLAINT in the region named, for supervisors to work', async () => {
    const [row] = await sql.rows<{ leadId: number; contact: string }>(
      `SELECT lead_id leadId, contact FROM ${CASES_DB}.complaint WHERE tracking_number = ?`,
      [trackingNumber],
    );
    const lead = (await gqlData(
      stack.supervisor,
      `query($id: ID!) { lead(id: $id) { source kind regionCode state summary } }`,
      {
        id: String(row!.leadId),
      },
    )) as { lead: Record<string, string> };
    expect(lead.lead).toEqual({
      source: 'COMPLAINT',
      kind: 'COMPLAINT',
      regionCode: '320102',
      state: 'REGISTERED',
      summary: TEXT,
    });
  });

  it("shows the citizen only the state and the public reply, never the lead's names or notes", async () => {
    const [row] = await sql.rows<{ leadId: number }>(
      `SELECT lead_id leadId FROM ${CASES_DB}.complaint WHERE tracking_number = ?`,
      [trackingNumber],
    );
    const id = String(row!.leadId);
    await gqlData(
      stack.supervisor,
      `mutation($id: ID!, $org: ID!) { assignLead(id: $id, orgUscc: $org, deadline: "2099-01-01", note: "内部意见：张三系局长亲属") { id } }`,
      { id, org: '12320000MB0000001X' },
    );
    await gqlData(
      stack.supervisor,
      `mutation($id: ID!) { replyToComplaint(leadId: $id, reply: "已转交有关部门核查。") { id } }`,
      {
        id,
      },
    );
    const status = await gql(anonymous, STATUS, { n: trackingNumber, s: SECRET });
    expect(status.errors).toBeUndefined();
    expect(status.data!['complaintStatus']).toEqual({
      trackingNumber,
      state: 'IN_PROGRESS',
      publicReply: '已转交有关部门核查。',
      receivedOn: new Date().toISOString().slice(0, 10),
    });
    const everything = JSON.stringify(status);
    for (const secretish of ['张三', '局长', '3201021980', '13800000000', 'test.supervisor', '12320000MB0000001X'])
      expect([secretish, everything.includes(secretish)]).toEqual([secretish, false]);
    // The citizen cannot reach the lead itself either: its fields need a token.
    const lead = await gql(anonymous, `query($id: ID!) { lead(id: $id) { summary steps { note } } }`, { id });
    expect(lead.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN_FIELD');
  });

  it('answers a wrong secret as an unknown number, and locks the number after five', async () => {
    const codeOf = async (n: string, s: string) => {
      const r = await gql(anonymous, STATUS, { n, s });
      return [r.errors?.[0]?.extensions?.['code'], r.errors?.[0]?.message];
    };
    const unknown = await codeOf('TS20260000000000', SECRET);
    expect(await codeOf(trackingNumber, 'not my secret')).toEqual(unknown);
    for (let i = 0; i < 4; i++) await codeOf(trackingNumber, `guess ${i} wrong`);
    // Locked now: even the right secret is refused, with the same answer.
    expect(await codeOf(trackingNumber, SECRET)).toEqual(unknown);
    await sql.rows(`UPDATE ${CASES_DB}.complaint SET locked_until = NULL WHERE tracking_number = ?`, [trackingNumber]);
    expect((await gql(anonymous, STATUS, { n: trackingNumber, s: SECRET })).errors).toBeUndefined();
  });

  it('refuses malformed complaints with a code', async () => {
    for (const input of [
      { regionCode: '32', text: TEXT, secret: SECRET },
      { regionCode: '320102', text: 'short', secret: SECRET },
      { regionCode: '320102', text: TEXT, secret: 'short' },
    ]) {
      const r = await gql(anonymous, FILE, { input });
      expect([input, r.errors?.[0]?.extensions?.['code']]).toEqual([input, 'BAD_USER_INPUT']);
    }
  });

  it("stands behind the gateway's anonymous rate limit (300 a minute from one address)", async () => {
    let refused: unknown;
    for (let i = 0; i < 320 && !refused; i++) {
      const r = await gql(anonymous, STATUS, { n: `TS2026${String(i).padStart(10, '0')}`, s: 'whatever1' });
      if (r.errors?.[0]?.extensions?.['code'] === 'RATE_LIMITED') refused = i;
    }
    expect(refused).toBeDefined();
    const filed = await gql(anonymous, FILE, { input: { regionCode: '320102', text: TEXT, secret: SECRET } });
    expect(filed.errors?.[0]?.extensions?.['code']).toBe('RATE_LIMITED');
  });
});
