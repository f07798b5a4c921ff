import { caller, type Caller } from '../../support/access';
import { mysqlStorage, testDb } from '../../support/env';
import { gql, gqlData } from '../../support/graphql';
import { SqlOracle } from '../../support/mysql';
import { startTestStack, type TestStack } from '../../support/stack';
import { sorted } from '../../support/supervision';

/**
 * Vertical supervision (领导干部工作记实向所领导的干部公开): a cadre reads their own work records and those
 * the leaders of their body made there, and not a peer's, whatever filter they send. The expected rows
 * come from plain SQL over the staffing roll (who leads the body) and the activity database.
 */
const RECORDS = `query($filter: WorkRecordFilter, $after: String) {
  workRecords(filter: $filter, first: 500, after: $after) { totalCount nodes { id person { personKey } } pageInfo { hasNextPage endCursor } }
}`;

interface Body {
  uscc: string;
  regionCode: string;
  leaders: string[];
  /** Non-leaders on the roll who have work records. */
  staff: string[];
}

describe('activity: vertical supervision of a body by its cadres', () => {
  const sql = new SqlOracle();
  let stack: TestStack;
  let body: Body;

  const cadre = async (personKey: string, unit: string, region = body.regionCode): Promise<Caller> =>
    caller(
      stack.gatewayUrl,
      await stack.realm.mint({ user: `cadre.${personKey.slice(0, 6)}`, roles: ['cadre'], region, personKey, unit }),
    );

  const allIds = async (target: Caller, filter?: Record<string, unknown>) => {
    const ids: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: { nodes: Array<{ id: string }>; pageInfo: { hasNextPage: boolean; endCursor: string } } = (
        (await gqlData(target, RECORDS, { filter, after })) as {
          workRecords: { nodes: Array<{ id: string }>; pageInfo: { hasNextPage: boolean; endCursor: string } };
        }
      ).workRecords;
      ids.push(...page.nodes.map((n) => n.id));
      if (!page.pageInfo.hasNextPage) return sorted(ids);
      after = page.pageInfo.endCursor;
    }
  };

  const expectedIds = async (personKey: string, unit: string) =>
    sorted(
      (
        await sql.rows<{ id: number }>(
          `SELECT w.id FROM ${testDb('activity')}.work_record w
            WHERE w.person_key = ? OR (w.org_uscc = ? AND w.person_key IN (
              SELECT p.person_key FROM ${testDb('staffing')}.person p JOIN ${testDb('staffing')}.org o ON o.id = p.org_id
               WHERE o.uscc = ? AND p.leader_rank IS NOT NULL AND p.status = 'ON_ROLL'))`,
          [personKey, unit, unit],
        )
      ).map((r) => String(r.id)),
    );

  beforeAll(async () => {
    stack = await startTestStack(mysqlStorage);
    const people = await sql.rows<{ uscc: string; region: string; personKey: string; leader: number }>(
      `SELECT o.uscc, o.region_code region, p.person_key personKey, p.leader_rank IS NOT NULL leader
         FROM ${testDb('staffing')}.person p JOIN ${testDb('staffing')}.org o ON o.id = p.org_id
        WHERE p.status = 'ON_ROLL' AND EXISTS (SELECT 1 FROM ${testDb('activity')}.work_record w WHERE w.person_key = p.person_key AND w.org_uscc = o.uscc)
        ORDER BY o.uscc, p.person_key`,
    );
    const bodies = new Map<string, Body>();
    for (const p of people) {
      const b = bodies.get(p.uscc) ?? { uscc: p.uscc, regionCode: p.region, leaders: [], staff: [] };
      (p.leader ? b.leaders : b.staff).push(p.personKey);
      bodies.set(p.uscc, b);
    }
    body = [...bodies.values()].find((b) => b.leaders.length >= 2 && b.staff.length >= 2)!;
    expect(body).toBeDefined();
  });
  afterAll(async () => {
    await stack?.[Symbol.asyncDispose]();
    await sql[Symbol.asyncDispose]();
  });

  it("a cadre sees their own and their body's leaders' work records, not a peer's", async () => {
    const [me, peer] = body.staff as [string, string];
    const mine = await allIds(await cadre(me, body.uscc));
    expect(mine).toEqual(await expectedIds(me, body.uscc));
    const peerRecords = await sql.rows<{ id: number }>(
      `SELECT id FROM ${testDb('activity')}.work_record WHERE person_key = ?`,
      [peer],
    );
    expect(peerRecords.length).toBeGreaterThan(0);
    for (const r of peerRecords) expect(mine).not.toContain(String(r.id));
    for (const leader of body.leaders) {
      const leaderRecords = await sql.rows<{ id: number }>(
        `SELECT id FROM ${testDb('activity')}.work_record WHERE person_key = ? AND org_uscc = ?`,
        [leader, body.uscc],
      );
      for (const r of leaderRecords) expect(mine).toContain(String(r.id));
    }
    // The peer, asking the same query, gets their own answer (no shared cache entry, no shared rows).
    expect(await allIds(await cadre(peer, body.uscc))).toEqual(await expectedIds(peer, body.uscc));
  });

  it("filters narrow what a cadre may see and never widen it: a peer's records by key or region stay out", async () => {
    const [me, peer] = body.staff as [string, string];
    const target = await cadre(me, body.uscc);
    expect(await allIds(target, { personKey: peer })).toEqual([]);
    expect(await allIds(target, { regionCode: body.regionCode })).toEqual(await expectedIds(me, body.uscc));
    // Claiming another body as unit shows that body's leaders, never this body's peers.
    const other = await sql.value<string>(
      `SELECT o.uscc FROM ${testDb('staffing')}.org o WHERE o.uscc <> ? ORDER BY o.uscc LIMIT 1`,
      [body.uscc],
    );
    const elsewhere = await allIds(await cadre(me, other));
    expect(elsewhere).toEqual(await expectedIds(me, other));
  });

  it('a cadre reads no other rows by region: people and payroll of their region stay out of scope', async () => {
    const [me] = body.staff as [string];
    const result = await gql(await cadre(me, body.uscc), `{ people(first: 5) { totalCount } }`);
    expect(result.errors ?? []).toEqual([]);
    expect(result.data).toEqual({ people: { totalCount: 0 } });
  });

  it('refuses a cadre token whose person or unit claim is malformed', async () => {
    const minted = (claims: { personKey?: string; unit?: string }) =>
      stack.realm.mint({ user: 'cadre.bad', roles: ['cadre'], region: body.regionCode, ...claims });
    for (const claims of [
      { personKey: "' OR 1=1 --", unit: body.uscc },
      { personKey: body.staff[0]!, unit: '91320000XXXXXXXXXX' },
      { personKey: body.staff[0]! },
    ]) {
      const result = await gql(caller(stack.gatewayUrl, await minted(claims)), `{ workRecords { totalCount } }`);
      expect([claims, result.errors?.[0]?.extensions?.code]).toEqual([claims, 'UNAUTHENTICATED']);
    }
  });
});
