import type { SubgraphName } from '../../common/subgraph-catalog';
import type { StartedSubgraph } from '../../subgraphs/common/run-subgraph';
import { asGateway } from '../support/as-gateway';
import { mysqlStorage, testDb } from '../support/env';
import { gqlData } from '../support/graphql';
import { SqlOracle } from '../support/mysql';
import { startSubgraphs } from '../support/stack';

/** Each subgraph's own queries over MariaDB, checked against plain SQL on its database. */
describe('subgraph queries over MariaDB', () => {
  const sql = new SqlOracle();
  let subgraphs: Record<SubgraphName, StartedSubgraph>;
  const url = (name: SubgraphName) => asGateway(name, subgraphs[name].url);

  beforeAll(async () => {
    subgraphs = await startSubgraphs(mysqlStorage);
  });
  afterAll(async () => {
    await Promise.all(Object.values(subgraphs).map((s) => s.close()));
    await sql[Symbol.asyncDispose]();
  });

  describe('staffing', () => {
    it('searches bodies by name, region and level (机构检索) with a total count', async () => {
      const expected = await sql.value<number>(
        `SELECT COUNT(*) FROM ${testDb('staffing')}.org WHERE name LIKE '%局%' AND region_code LIKE '3201%' AND level = 'COUNTY'`,
      );
      const data = await gqlData(
        url('staffing'),
        `{ orgs(filter: { nameContains: "局", regionCode: "320100", level: COUNTY }, first: 100) { totalCount nodes { name regionCode level } } }`,
      );
      expect(data.orgs.totalCount).toBe(expected);
      expect(data.orgs.nodes).toHaveLength(expected);
      for (const org of data.orgs.nodes) {
        expect(org.name).toContain('局');
        expect(org.regionCode.startsWith('3201')).toBe(true);
        expect(org.level).toBe('COUNTY');
      }
    });

    it('pages through every person of a region exactly once', async () => {
      const expected = await sql.rows<{ person_key: string }>(
        `SELECT person_key FROM ${testDb('staffing')}.person WHERE region_code LIKE '3205%' ORDER BY id`,
      );
      const seen: string[] = [];
      let after: string | null = null;
      for (;;) {
        const data: any = await gqlData(
          url('staffing'),
          `query ($after: String) { people(filter: { regionCode: "320500" }, first: 37, after: $after) { totalCount nodes { personKey } pageInfo { hasNextPage endCursor } } }`,
          { after },
        );
        expect(data.people.totalCount).toBe(expected.length);
        seen.push(...data.people.nodes.map((n: { personKey: string }) => n.personKey));
        if (!data.people.pageInfo.hasNextPage) break;
        after = data.people.pageInfo.endCursor;
      }
      expect(seen).toEqual(expected.map((r) => r.person_key));
    });

    it('finds a person by ID number with the body, plan, unit and leader posts', async () => {
      const [row] = await sql.rows<{ id_number: string; name: string; uscc: string; leader_deputy: number }>(
        `SELECT p.id_number, p.name, o.uscc, pl.leader_deputy FROM ${testDb('staffing')}.person p
           JOIN ${testDb('staffing')}.org o ON o.id = p.org_id JOIN ${testDb('staffing')}.establishment_plan pl ON pl.org_id = o.id
          WHERE p.id_number_valid = 1 AND p.unit_id IS NOT NULL ORDER BY p.id LIMIT 1`,
      );
      const data = await gqlData(
        url('staffing'),
        `query ($id: String) { person(idNumber: $id) { name org { uscc plan { leaderPosts { deputy } } } unit { name } } }`,
        { id: row!.id_number },
      );
      expect(data.person).toMatchObject({
        name: row!.name,
        org: { uscc: row!.uscc, plan: { leaderPosts: { deputy: row!.leader_deputy } } },
      });
      expect(data.person.unit.name).toEqual(expect.any(String));
    });

    it('lists power items by category with Chinese labels, and counts them per body', async () => {
      const expected = await sql.value<number>(
        `SELECT COUNT(*) FROM ${testDb('staffing')}.power_item WHERE category = 'LICENSING'`,
      );
      const data = await gqlData(
        url('staffing'),
        `{ powerItems(filter: { category: LICENSING }, first: 500) { totalCount nodes { category categoryLabel org { uscc } legalBasis responsibilities { stage duties } } } }`,
      );
      expect(data.powerItems.totalCount).toBe(expected);
      expect(
        data.powerItems.nodes.every(
          (n: any) => n.categoryLabel === '行政许可' && n.legalBasis.length > 0 && n.responsibilities.length === 5,
        ),
      ).toBe(true);
      const categories = await sql.value<number>(
        `SELECT COUNT(DISTINCT category) FROM ${testDb('staffing')}.power_item`,
      );
      expect(categories).toBe(11);
    });

    it('resolves Org and Person entities by key (_entities)', async () => {
      const [row] = await sql.rows<{ uscc: string; person_key: string; name: string; org_name: string }>(
        `SELECT o.uscc, p.person_key, p.name, o.name org_name FROM ${testDb('staffing')}.person p JOIN ${testDb('staffing')}.org o ON o.id = p.org_id ORDER BY p.id DESC LIMIT 1`,
      );
      const data = await gqlData(
        url('staffing'),
        `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Org { name } ... on Person { name } } }`,
        {
          reps: [
            { __typename: 'Org', uscc: row!.uscc },
            { __typename: 'Person', personKey: row!.person_key },
            { __typename: 'Person', personKey: '0'.repeat(32) },
          ],
        },
      );
      expect(data._entities).toEqual([{ name: row!.org_name }, { name: row!.name }, null]);
    });
  });

  describe('finance', () => {
    it('pay lines of a body for a month, with the total and the entity join keys', async () => {
      const [row] = await sql.rows<{ org_uscc: string; n: number; gross: number }>(
        `SELECT org_uscc, COUNT(*) n, SUM(gross) gross FROM ${testDb('finance')}.payroll_line WHERE month = '2026-05' GROUP BY org_uscc ORDER BY n DESC LIMIT 1`,
      );
      const data = await gqlData(
        url('finance'),
        `query ($org: ID) { payrollLines(filter: { month: "2026-05", orgUscc: $org }, first: 500) { totalCount nodes { gross person { personKey } org { uscc } } } }`,
        { org: row!.org_uscc },
      );
      expect(data.payrollLines.totalCount).toBe(row!.n);
      const total = data.payrollLines.nodes.reduce((sum: number, n: any) => sum + n.gross, 0);
      expect(total).toBeCloseTo(row!.gross, 2);
    });

    it('extends Person with pay lines and payments received (_entities)', async () => {
      const [row] = await sql.rows<{ person_key: string; n: number }>(
        `SELECT payee_person_key person_key, COUNT(*) n FROM ${testDb('finance')}.payment WHERE payee_person_key IS NOT NULL GROUP BY payee_person_key ORDER BY n DESC, payee_person_key LIMIT 1`,
      );
      const lines = await sql.value<number>(
        `SELECT COUNT(*) FROM ${testDb('finance')}.payroll_line WHERE person_key = ?`,
        [row!.person_key],
      );
      const data = await gqlData(
        url('finance'),
        `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Person { payrollLines { month } paymentsReceived { voucherNumber category serviceDate } } } }`,
        {
          reps: [{ __typename: 'Person', personKey: row!.person_key }],
        },
      );
      expect(data._entities[0].payrollLines).toHaveLength(lines);
      expect(data._entities[0].paymentsReceived).toHaveLength(row!.n);
    });
  });

  describe('civil affairs', () => {
    it('relief cases of a region with members and payments', async () => {
      const expected = await sql.value<number>(
        `SELECT COUNT(*) FROM ${testDb('civil_affairs')}.beneficiary WHERE region_code LIKE '3201%' AND scheme = 'DIBAO'`,
      );
      const data = await gqlData(
        url('civil-affairs'),
        `{ beneficiaries(filter: { regionCode: "320100", scheme: DIBAO }, first: 500) { totalCount nodes { caseNumber members { name idNumber } payments { month amount } } } }`,
      );
      expect(data.beneficiaries.totalCount).toBe(expected);
      const payments = await sql.value<number>(
        `SELECT COUNT(*) FROM ${testDb('civil_affairs')}.relief_payment rp JOIN ${testDb('civil_affairs')}.beneficiary b ON b.id = rp.beneficiary_id WHERE b.region_code LIKE '3201%' AND b.scheme = 'DIBAO'`,
      );
      expect(data.beneficiaries.nodes.reduce((n: number, c: any) => n + c.payments.length, 0)).toBe(payments);
      expect(data.beneficiaries.nodes.every((c: any) => c.members.length > 0)).toBe(true);
    });

    it('extends Person with relief memberships and death records (_entities)', async () => {
      const [death] = await sql.rows<{ person_key: string; died_on: string }>(
        `SELECT person_key, died_on FROM ${testDb('civil_affairs')}.death_record ORDER BY id LIMIT 1`,
      );
      const data = await gqlData(
        url('civil-affairs'),
        `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Person { deathRecord { diedOn } reliefMemberships { id } } } }`,
        {
          reps: [{ __typename: 'Person', personKey: death!.person_key }],
        },
      );
      expect(data._entities[0].deathRecord).toEqual({ diedOn: death!.died_on });
    });
  });

  describe('audit (legacy, plain GraphQL)', () => {
    it('has no federation fields', async () => {
      const data = await gqlData(url('audit'), `{ __schema { queryType { fields { name } } } }`);
      const names = data.__schema.queryType.fields.map((f: { name: string }) => f.name);
      expect(names).not.toContain('_service');
      expect(names).not.toContain('_entities');
    });

    it('overdue findings as of a date, and findings by responsible bodies in one batch', async () => {
      const expected = await sql.value<number>(
        `SELECT COUNT(*) FROM ${testDb('audit')}.finding WHERE rectification_deadline < '2026-06-30' AND rectification_status <> 'COMPLETED'`,
      );
      const data = await gqlData(
        url('audit'),
        `{ findings(filter: { overdueAsOf: "2026-06-30" }, first: 500) { totalCount nodes { rectificationDeadline rectificationStatus project { year } } } }`,
      );
      expect(data.findings.totalCount).toBe(expected);
      const usccs = await sql.rows<{ u: string; n: number }>(
        `SELECT responsible_uscc u, COUNT(*) n FROM ${testDb('audit')}.finding WHERE responsible_uscc IN (SELECT uscc FROM ${testDb('staffing')}.org WHERE uscc_valid = 1) GROUP BY responsible_uscc ORDER BY u LIMIT 3`,
      );
      const batch = await gqlData(
        url('audit'),
        `query ($u: [ID!]!) { findingsByResponsibleUsccs(usccs: $u) { id responsibleUscc } }`,
        { u: usccs.map((r) => r.u) },
      );
      expect(batch.findingsByResponsibleUsccs.map((list: any[]) => [list[0]?.responsibleUscc, list.length])).toEqual(
        usccs.map((r) => [r.u, r.n]),
      );
    });
  });

  describe('activity', () => {
    it('the two-level catalog and a person’s work records in a date range', async () => {
      const level1 = await gqlData(
        url('activity'),
        `{ activityCategories { code level children { code level parent { code } } } }`,
      );
      expect(level1.activityCategories.length).toBe(
        await sql.value<number>(`SELECT COUNT(*) FROM ${testDb('activity')}.activity_category WHERE level = 1`),
      );
      for (const c of level1.activityCategories)
        for (const child of c.children) expect(child).toMatchObject({ level: 2, parent: { code: c.code } });
      const [row] = await sql.rows<{ person_key: string; n: number }>(
        `SELECT person_key, COUNT(*) n FROM ${testDb('activity')}.work_record WHERE date BETWEEN '2026-02-01' AND '2026-04-30' GROUP BY person_key ORDER BY n DESC, person_key LIMIT 1`,
      );
      const data = await gqlData(
        url('activity'),
        `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Person { workRecords(from: "2026-02-01", to: "2026-04-30", first: 100) { totalCount nodes { date category { code } } } } } }`,
        {
          reps: [{ __typename: 'Person', personKey: row!.person_key }],
        },
      );
      expect(data._entities[0].workRecords.totalCount).toBe(row!.n);
      expect(
        data._entities[0].workRecords.nodes.every((n: any) => n.date >= '2026-02-01' && n.date <= '2026-04-30'),
      ).toBe(true);
    });
  });
});
