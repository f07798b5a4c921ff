import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { caller } from '../support/access';
import { asGateway } from '../support/as-gateway';
import { mysqlStorage, testDb } from '../support/env';
import { gql, gqlData, type GraphqlResponse } from '../support/graphql';
import { SqlOracle } from '../support/mysql';
import { startTestStack, type TestStack } from '../support/stack';
import { waitUntil } from '../support/wait';

const run = promisify(execFile);
const codes = (result: GraphqlResponse<unknown>) => (result.errors ?? []).map((e) => e.extensions?.code);
const CASE = 'SJ-2026-0042';
const PURPOSE = `${CASE}; cross-region audit`;
const PERSON = `query ($k: ID!) { person(personKey: $k) { personKey name } }`;

/**
 * Region scope: a caller's region claim limits person and transactional rows to that region and below,
 * filtered in SQL by each subgraph from the signed access context; a direct lookup outside it is null
 * with OUT_OF_SCOPE. A cross-region grant (registry-admin) widens it for one case until it expires.
 */
describe('security: region scope and cross-region grants', () => {
  const sql = new SqlOracle();
  let stack: TestStack;
  let governance: string;
  let tokens: Record<'nanjing' | 'noRegion' | 'admin' | 'reader', string>;
  let inWuxi: { person_key: string; name: string };

  beforeAll(async () => {
    stack = await startTestStack(mysqlStorage);
    governance = stack.gatewayUrl.replace(/\/graphql$/, '/governance/graphql');
    tokens = {
      nanjing: await stack.realm.mint({ user: 'auditor.nanjing', roles: ['auditor'], region: '320100' }),
      noRegion: await stack.realm.mint({ user: 'auditor.nowhere', roles: ['auditor'] }),
      admin: await stack.realm.mint({ user: 'admin.grants', roles: ['registry-admin'], region: '320000' }),
      reader: await stack.realm.mint({ user: 'reader.log', roles: ['audit-log-reader'], region: '320000' }),
    };
    const [first] = await sql.rows<{ person_key: string; name: string }>(
      `SELECT person_key, name FROM ${testDb('staffing')}.person WHERE region_code LIKE '3202%' ORDER BY id LIMIT 1`,
    );
    inWuxi = first!;
  });
  afterAll(async () => {
    await stack[Symbol.asyncDispose]();
    await sql[Symbol.asyncDispose]();
  });

  it('lists hold only the rows of the caller’s region and below, in every subgraph (checked against SQL)', async () => {
    const nanjing = caller(stack.gatewayUrl, tokens.nanjing, PURPOSE);
    const data = await gqlData(
      nanjing,
      `{
      people(first: 500) { totalCount nodes { personKey } }
      payrollLines(first: 500) { totalCount }
      beneficiaries(first: 500) { totalCount }
      workRecords(first: 1) { totalCount }
      findings(first: 1) { totalCount }
    }`,
    );
    const count = async (db: Parameters<typeof testDb>[0], table: string) =>
      Number(
        (
          await sql.rows<{ n: number }>(
            `SELECT COUNT(*) AS n FROM ${testDb(db)}.${table} WHERE region_code LIKE '3201%'`,
          )
        )[0]!.n,
      );
    const people = await sql.rows<{ person_key: string }>(
      `SELECT person_key FROM ${testDb('staffing')}.person WHERE region_code LIKE '3201%' ORDER BY id LIMIT 500`,
    );
    expect(data.people.totalCount).toBe(await count('staffing', 'person'));
    expect(data.people.nodes.map((p: any) => p.personKey)).toEqual(people.map((p) => p.person_key));
    expect(data.payrollLines.totalCount).toBe(await count('finance', 'payroll_line'));
    expect(data.beneficiaries.totalCount).toBe(await count('civil_affairs', 'beneficiary'));
    expect(data.workRecords.totalCount).toBe(await count('activity', 'work_record'));
    expect(data.findings.totalCount).toBe(await count('audit', 'finding'));
    // and the dataset has rows elsewhere, so the scope did cut something
    const all = Number((await sql.rows<{ n: number }>(`SELECT COUNT(*) AS n FROM ${testDb('staffing')}.person`))[0]!.n);
    expect(data.people.totalCount).toBeLessThan(all);
    expect(data.people.totalCount).toBeGreaterThan(0);
  });

  it('a filter cannot widen the scope: asking for another region’s rows gives none', async () => {
    const data = await gqlData(
      caller(stack.gatewayUrl, tokens.nanjing, PURPOSE),
      `{ people(filter: { regionCode: "320200" }, first: 5) { totalCount } }`,
    );
    expect(data.people.totalCount).toBe(0);
  });

  it('a direct lookup outside the scope is null with OUT_OF_SCOPE; public reference data is not scoped', async () => {
    const result = await gql(
      caller(stack.gatewayUrl, tokens.nanjing, PURPOSE),
      `query ($k: ID!) { person(personKey: $k) { name } orgs(filter: { regionCode: "320200" }, first: 1) { totalCount } }`,
      { k: inWuxi.person_key },
    );
    expect(result.data?.person).toBeNull();
    expect(result.errors?.map((e) => [e.extensions?.code, e.path])).toEqual([['OUT_OF_SCOPE', ['person']]]);
    expect(result.data?.orgs.totalCount).toBeGreaterThan(0);
  });

  it('a caller without a region claim reads no scoped rows', async () => {
    const data = await gqlData(
      caller(stack.gatewayUrl, tokens.noRegion, PURPOSE),
      `{ people(first: 1) { totalCount } payrollLines(first: 1) { totalCount } }`,
    );
    expect(data).toEqual({ people: { totalCount: 0 }, payrollLines: { totalCount: 0 } });
  });

  it('`_entities` sent straight to a subgraph with a signed narrower scope is refused row by row', async () => {
    const nanjingAccess = asGateway('staffing', stack.subgraphs.staffing.url, {
      user: 'auditor.nanjing',
      regions: ['320100'],
    });
    const result = await gql(
      nanjingAccess,
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Person { name } } }`,
      {
        r: [{ __typename: 'Person', personKey: inWuxi.person_key }],
      },
    );
    expect(result.data?._entities).toEqual([null]);
    expect(codes(result)).toEqual(['OUT_OF_SCOPE']);
  });

  it('a grant widens the scope for its case only, until it is revoked or expires; only a granter may grant', async () => {
    const asAdmin = caller(governance, tokens.admin);
    const grant = `mutation ($i: RegionGrantInput!) { grantCrossRegion(input: $i) { id grantee regionCode caseNumber expiresAt grantedBy } }`;
    const input = (over: Record<string, unknown> = {}) => ({
      grantee: 'auditor.nanjing',
      regionCode: '320200',
      caseNumber: CASE,
      purposeText: '异地审计 cross-region audit',
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
      ...over,
    });

    // refused: a caller without the capability, oneself, a bad region, a case of no known kind, too long
    const byAuditor = await gql(caller(governance, tokens.nanjing), grant, { i: input({ grantee: 'someone.else' }) });
    expect(codes(byAuditor)).toEqual(['FORBIDDEN_FIELD']);
    expect(codes(await gql(asAdmin, grant, { i: input({ grantee: 'admin.grants' }) }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await gql(asAdmin, grant, { i: input({ regionCode: "32' OR 1=1 --" }) }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await gql(asAdmin, grant, { i: input({ caseNumber: 'XX-1' }) }))).toEqual(['BAD_USER_INPUT']);
    expect(
      codes(
        await gql(asAdmin, grant, { i: input({ expiresAt: new Date(Date.now() + 91 * 86_400_000).toISOString() }) }),
      ),
    ).toEqual(['BAD_USER_INPUT']);
    expect(codes(await gql(governance, `{ regionGrants { id } }`))).toEqual(['UNAUTHENTICATED']);

    const lookup = (purpose: string) =>
      gql(caller(stack.gatewayUrl, tokens.nanjing, purpose), PERSON, { k: inWuxi.person_key });
    expect(codes(await lookup(PURPOSE))).toEqual(['OUT_OF_SCOPE']);

    const made = (await gqlData(asAdmin, grant, { i: input() })).grantCrossRegion;
    expect(made).toMatchObject({
      grantee: 'auditor.nanjing',
      regionCode: '320200',
      caseNumber: CASE,
      grantedBy: 'admin.grants',
    });
    const granted = await lookup(PURPOSE);
    expect(granted.errors).toBeUndefined();
    expect(granted.data?.person).toEqual({ personKey: inWuxi.person_key, name: inWuxi.name });
    // the access log names the grant that widened the scope, next to the caller's own region
    const asReader = caller(governance, tokens.reader);
    const logged = await gqlData(
      asReader,
      `{ accessLog(filter: { user: "auditor.nanjing" }, first: 1) { region grants purpose } }`,
    );
    expect(logged.accessLog).toEqual([{ region: '320100', grants: [made.id], purpose: PURPOSE }]);
    // the grant is for its case: another case of the same kind stays in the caller's own region
    expect(codes(await lookup('SJ-2026-0099; another audit'))).toEqual(['OUT_OF_SCOPE']);

    const listed = await gqlData(asAdmin, `{ regionGrants(grantee: "auditor.nanjing") { id revokedAt } }`);
    expect(listed.regionGrants).toEqual([{ id: made.id, revokedAt: null }]);
    await gqlData(asAdmin, `mutation ($id: ID!) { revokeRegionGrant(id: $id) { revokedBy } }`, { id: made.id });
    expect(codes(await lookup(PURPOSE))).toEqual(['OUT_OF_SCOPE']);

    // a short grant applies, then lapses by itself
    await gqlData(asAdmin, grant, { i: input({ expiresAt: new Date(Date.now() + 2_500).toISOString() }) });
    expect((await lookup(PURPOSE)).data?.person?.personKey).toBe(inWuxi.person_key);
    await waitUntil(10_000, async () => codes(await lookup(PURPOSE)).includes('OUT_OF_SCOPE'));
    expect(codes(await lookup(PURPOSE))).toEqual(['OUT_OF_SCOPE']);
    expect((await gqlData(asAdmin, `{ regionGrants(grantee: "auditor.nanjing") { id } }`)).regionGrants).toEqual([]);
    expect(
      (await gqlData(asAdmin, `{ regionGrants(grantee: "auditor.nanjing", all: true) { id } }`)).regionGrants,
    ).toHaveLength(2);
  });

  it('npm run grants: grant, list and revoke from the command line, with the same checks as the API', async () => {
    const grants = async (token: string, ...args: string[]) => {
      try {
        const { stdout } = await run(process.execPath, ['scripts/run.js', 'gateway/cli/grants', ...args], {
          cwd: join(__dirname, '..', '..'),
          env: { ...process.env, GATEWAY_URL: stack.gatewayUrl.replace(/\/graphql$/, ''), GOVGRAPH_TOKEN: token },
        });
        return { code: 0, out: stdout };
      } catch (error) {
        const e = error as { code: number; stdout: string; stderr: string };
        return { code: e.code, out: e.stdout + e.stderr };
      }
    };
    const made = await grants(
      tokens.admin,
      'grant',
      '--grantee',
      'auditor.nanjing',
      '--region',
      '320200',
      '--case',
      'SJ-2026-0777',
      '--text',
      '异地审计',
      '--days',
      '7',
    );
    expect(made.code).toBe(0);
    const grant = JSON.parse(made.out) as { id: string; grantedBy: string; expiresAt: string };
    expect(grant).toMatchObject({ grantedBy: 'admin.grants', regionCode: '320200', caseNumber: 'SJ-2026-0777' });
    expect(Date.parse(grant.expiresAt) - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
    // the grant works for its case
    const lookup = await gql(caller(stack.gatewayUrl, tokens.nanjing, 'SJ-2026-0777; cross-region audit'), PERSON, {
      k: inWuxi.person_key,
    });
    expect(lookup.data?.person?.personKey).toBe(inWuxi.person_key);

    const listed = JSON.parse((await grants(tokens.admin, 'list', '--grantee', 'auditor.nanjing')).out) as Array<{
      id: string;
    }>;
    expect(listed.map((g) => g.id)).toContain(grant.id);
    expect(JSON.parse((await grants(tokens.admin, 'revoke', grant.id)).out)).toMatchObject({
      id: grant.id,
      revokedBy: 'admin.grants',
    });
    expect(
      codes(
        await gql(caller(stack.gatewayUrl, tokens.nanjing, 'SJ-2026-0777; again'), PERSON, { k: inWuxi.person_key }),
      ),
    ).toEqual(['OUT_OF_SCOPE']);

    // refusals are one line with the reason and exit 1, no stack trace
    const byAuditor = await grants(tokens.nanjing, 'list');
    expect(byAuditor).toEqual({
      code: 1,
      out: expect.stringMatching(/^grants: .*needs the grant-cross-region capability/),
    });
    const tooLong = await grants(
      tokens.admin,
      'grant',
      '--grantee',
      'auditor.nanjing',
      '--region',
      '320200',
      '--case',
      'SJ-2026-0777',
      '--text',
      'x',
      '--days',
      '91',
    );
    expect(tooLong.code).toBe(1);
    expect(tooLong.out).toMatch(/days is an integer 1-90/);
    expect(tooLong.out).not.toMatch(/\n\s+at /);
  });

  it('the access log is read through the governance API by audit-log-readers only, and reading it is logged', async () => {
    await gqlData(
      caller(stack.gatewayUrl, tokens.nanjing, PURPOSE),
      `{ people(first: 2) { nodes { personKey idNumber } } }`,
    );
    const [read] = await sql.rows<{ person_key: string }>(
      `SELECT person_key FROM ${testDb('staffing')}.person WHERE region_code LIKE '3201%' ORDER BY id LIMIT 1`,
    );
    const asReader = caller(governance, tokens.reader);
    const who = await gqlData(
      asReader,
      `query ($k: ID!) { whoReadPerson(personKey: $k) { user purpose reads { coordinate decision } entities { coordinate ids } } }`,
      { k: read!.person_key },
    );
    expect(who.whoReadPerson[0]).toMatchObject({ user: 'auditor.nanjing', purpose: PURPOSE });
    expect(who.whoReadPerson[0].entities).toContainEqual({
      coordinate: 'Person.idNumber',
      ids: expect.arrayContaining([read!.person_key]),
    });

    const denied = await gql(caller(governance, tokens.nanjing), `{ accessLog(first: 1) { seq } }`);
    expect(codes(denied)).toEqual(['FORBIDDEN_FIELD']);
    const uses = await gqlData(
      asReader,
      `{ accessLog(filter: { field: "Governance.accessLog" }, first: 10) { user reads { coordinate decision } } }`,
    );
    expect(uses.accessLog).toEqual(
      expect.arrayContaining([
        { user: 'auditor.nanjing', reads: [{ coordinate: 'Governance.accessLog', decision: 'denied' }] },
      ]),
    );
    const grants = await gqlData(
      asReader,
      `{ accessLog(filter: { user: "admin.grants", field: "Governance.grantCrossRegion" }, first: 50) { user } }`,
    );
    expect(grants.accessLog.length).toBeGreaterThanOrEqual(2);
  });
});
