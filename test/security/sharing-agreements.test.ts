import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

import type { StorageConfig } from '../../common/config';
import type { SubgraphDatabase } from '../../common/database/database';
import { projectRoot } from '../../common/paths';
import { createGateway, type RunningGateway } from '../../gateway/create-gateway';
import { openGatewayDatabase } from '../../gateway/database/gateway-database';
import { loadPolicy } from '../../gateway/policy/load-policy';
import { openAccessLog } from '../../gateway/request/access-log/open-access-log';
import { DEFAULT_CALL_POLICY } from '../../gateway/request/resilience/call-policy';
import { caller, testAccess, type Caller } from '../support/access';
import { mysqlStorage, testDb } from '../support/env';
import { gql, type GraphqlResponse } from '../support/graphql';
import { SqlOracle } from '../support/mysql';
import { startTestStack, type TestStack } from '../support/stack';

const run = promisify(execFile);
const PREFIX = 'govgraph_test_share_';
const storage: StorageConfig = { ...mysqlStorage, databasePrefix: PREFIX };
const RELIEF = 'query Relief { beneficiaries(first: 2) { totalCount nodes { caseNumber monthlyAmount } } }';
const PURPOSE = `CZ-2026-0007; ${encodeURIComponent('核对财政供养人员领取低保')}`;
const today = () => new Date().toISOString().slice(0, 10);
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const codes = (r: GraphqlResponse<unknown>) => (r.errors ?? []).map((e) => e.extensions?.code);

/** Waits until `check` holds, checking every 100 ms; returns how long it took. */
async function within(ms: number, check: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((wake) => setTimeout(wake, 100));
  }
  return Date.now() - started;
}

/**
 * Sharing agreements (共享协议) end to end, on two gateway instances over one MariaDB gateway database:
 * a finance officer is refused civil affairs' conditional relief data until the owner's steward
 * approves the finance bureau's request, reads it while the agreement is in force (each record naming
 * it), and is refused again the moment it is suspended or revoked, on either instance, with no cached
 * answer surviving. The owner sees who read what under it, as the access log holds.
 */
describe('security: sharing agreements', () => {
  const sql = new SqlOracle();
  let database: SubgraphDatabase;
  let log: Awaited<ReturnType<typeof openAccessLog>>;
  let stack: TestStack;
  let second: RunningGateway;
  let steward: Record<'finance' | 'civil' | 'civil2' | 'audit', Caller>;
  let officer: { first: Caller; second: Caller; elsewhere: Caller; noPurpose: Caller };
  let agreementId: string;

  const governance = (who: Caller, query: string, variables?: Record<string, unknown>) => gql(who, query, variables);
  const request = (input: Record<string, unknown> = {}) =>
    governance(
      steward.finance,
      'mutation ($input: SharingRequestInput!) { fileSharingRequest(input: $input) { id state owner { name } requester { name } resources } }',
      {
        input: {
          resources: ['civil-affairs.relief-recipients'],
          purposeKind: 'finance-check',
          legalBasis: '《社会救助暂行办法》第十一条：财政供养人员领取低保核查',
          regionCode: '320100',
          roles: ['finance-officer'],
          startsOn: today(),
          endsOn: inDays(90),
          expectedReads: 3,
          ...input,
        },
      },
    );

  beforeAll(async () => {
    await sql.rows(`DROP DATABASE IF EXISTS ${PREFIX}gateway`);
    database = await openGatewayDatabase(storage);
    log = await openAccessLog(database, storage, { writerPassword: 'test-log-writer-password' });
    const stores = { database, log };
    // Both instances reload agreements once a second, as production does by default, and cache relief
    // answers (purposed requests too), so that an answer cached under an agreement could outlive it.
    const policy = loadPolicy(join(projectRoot, 'policies'));
    policy.cache = { enabled: true, withPurpose: true, ttlSeconds: { Beneficiary: 300, BeneficiaryConnection: 300 } };
    stack = await startTestStack(mysqlStorage, { stores, access: { agreementRefreshMs: 1000 }, accessPolicy: policy });
    second = await createGateway({
      source: { supergraph: stack.graph },
      calls: DEFAULT_CALL_POLICY,
      access: await testAccess(stack.realm, { agreementRefreshMs: 1000 }, policy, stores),
      host: '127.0.0.1',
      port: 0,
    });
    const govUrl = (url: string) => url.replace(/\/graphql$/, '/governance/graphql');
    const mint = (user: string, roles: string[], region: string, department?: string) =>
      stack.realm.mint({ user, roles, region, ...(department ? { department } : {}) });
    steward = {
      finance: caller(govUrl(stack.gatewayUrl), await mint('steward.finance', ['data-steward'], '320100', 'finance')),
      civil: caller(govUrl(stack.gatewayUrl), await mint('steward.civil', ['data-steward'], '320100', 'civil-affairs')),
      civil2: caller(govUrl(second.url), await mint('steward.civil2', ['data-steward'], '320100', 'civil-affairs')),
      audit: caller(govUrl(stack.gatewayUrl), await mint('steward.audit', ['data-steward'], '320000', 'audit')),
    };
    const finance = await mint('share.finance', ['finance-officer'], '320100');
    officer = {
      first: caller(stack.gatewayUrl, finance, PURPOSE),
      second: caller(second.url, finance, PURPOSE),
      elsewhere: caller(stack.gatewayUrl, await mint('share.finance.wx', ['finance-officer'], '320200'), PURPOSE),
      noPurpose: caller(stack.gatewayUrl, finance),
    };
  }, 120_000);
  afterAll(async () => {
    await second?.close();
    await stack?.[Symbol.asyncDispose]();
    await log?.close();
    await database?.close();
    await sql[Symbol.asyncDispose]();
  });

  it('refuses requests that cannot be agreed: unshared, unconditional or own resources, two owners, a year and more, bad input', async () => {
    const refused = async (input: Record<string, unknown>, pattern: RegExp) => {
      const result = await request(input);
      expect(codes(result)).toEqual(['BAD_USER_INPUT']);
      expect(result.errors![0]!.message).toMatch(pattern);
    };
    await refused({ resources: ['civil-affairs.household-addresses'] }, /不予共享/);
    await refused({ resources: ['staffing.real-name-roll'] }, /needs no agreement/);
    await refused({ resources: ['finance.payroll'] }, /owns these resources already/);
    await refused({ resources: ['civil-affairs.relief-recipients', 'audit.findings'] }, /one owner/);
    await refused({ endsOn: inDays(400) }, /at most one year/);
    await refused({ startsOn: '2020-01-01' }, /today or later/);
    await refused({ regionCode: "32'; --" }, /6-digit/);
    await refused({ roles: ['no-such-role'] }, /roles must name roles/);
    await refused({ resources: ['no.such'] }, /no data resource/);
    // A desk officer is no steward.
    const desk = caller(steward.finance.url, officer.first.headers['authorization']!.replace('Bearer ', ''));
    const notSteward = await gql(desk, 'mutation { rejectSharingRequest(id: "999999", reason: "x") { id } }');
    expect(codes(notSteward)).toEqual(['FORBIDDEN_FIELD']); // refused before anything is looked up
  });

  it('a finance officer is refused until the owner approves; the requester cannot approve its own; then it reads, logged with the agreement', async () => {
    expect(codes(await gql(officer.first, RELIEF))).toEqual(['FORBIDDEN_FIELD']);
    const filed = await request();
    expect(filed.errors).toBeUndefined();
    expect(filed.data?.['fileSharingRequest']).toMatchObject({
      state: 'REQUESTED',
      owner: { name: 'civil-affairs-bureau' },
      requester: { name: 'finance-bureau' },
    });
    agreementId = filed.data?.['fileSharingRequest'].id;
    const approve = 'mutation ($id: ID!) { approveSharingRequest(id: $id) { id state inForce decidedBy } }';
    // The requesting department's steward may not approve it, nor another department's.
    for (const who of [steward.finance, steward.audit])
      expect(codes(await governance(who, approve, { id: agreementId }))).toEqual(['FORBIDDEN_FIELD']);
    expect(codes(await gql(officer.first, RELIEF))).toEqual(['FORBIDDEN_FIELD']);

    const approved = await governance(steward.civil, approve, { id: agreementId });
    expect(approved.data?.['approveSharingRequest']).toMatchObject({
      state: 'ACTIVE',
      inForce: true,
      decidedBy: 'steward.civil',
    });
    const expected = await sql.value(
      `SELECT COUNT(*) FROM ${testDb('civil_affairs')}.beneficiary WHERE region_code LIKE '3201%'`,
    );
    // The other instance serves it within 2 s, with no composition and no restart.
    await within(2000, async () => (await gql(officer.second, RELIEF)).errors === undefined);
    const read = await gql(officer.first, RELIEF);
    expect(read.errors).toBeUndefined();
    expect(read.data?.['beneficiaries'].totalCount).toBe(expected);
    const records = await sql.rows<{ agreements: string | null }>(
      `SELECT agreements FROM ${PREFIX}gateway.access_log WHERE user_name = 'share.finance' AND operation_name = 'Relief' AND agreements IS NOT NULL`,
    );
    expect(records.map((r) => r.agreements)).toEqual([`[${agreementId}]`, `[${agreementId}]`]);
  });

  it('opens only what it names: not for another purpose, not beyond its region, not for other roles', async () => {
    expect(codes(await gql(officer.noPurpose, RELIEF))).toEqual(['FORBIDDEN_FIELD']);
    // An agreement for 320100 does not open a Wuxi (320200) officer's scope.
    expect(codes(await gql(officer.elsewhere, RELIEF))).toEqual(['FORBIDDEN_FIELD']);
    // Nor other conditional resources of the owner (the welfare cross-check's results).
    const other = await gql(
      officer.first,
      '{ deathRecords(first: 1) { totalCount } welfareCrossCheck(fromMonth: "2026-04") { summary { kind } } }',
    );
    expect(codes(other)).toEqual(['FORBIDDEN_FIELD']);
    expect(other.errors![0]!.extensions?.['coordinate']).toBe('Query.welfareCrossCheck');
  });

  it("the owner's usage report is what the access log holds, and says when the reads pass the volume asked for", async () => {
    const usage = await governance(
      steward.civil,
      'query ($id: ID!) { sharingUsage(id: $id) { reads overVolume byUser { user reads } byField { coordinate reads } recent { user operationName fields } } }',
      { id: agreementId },
    );
    expect(usage.errors).toBeUndefined();
    const logged = Number(
      await sql.value(`SELECT COUNT(*) FROM ${PREFIX}gateway.access_log WHERE agreements = '[${agreementId}]'`),
    );
    const report = usage.data?.['sharingUsage'];
    expect(report.reads).toBe(logged);
    expect(report.byUser).toEqual([{ user: 'share.finance', reads: logged }]);
    expect(report.byField).toEqual(
      expect.arrayContaining([{ coordinate: 'Beneficiary.monthlyAmount', reads: logged }]),
    );
    expect(JSON.stringify(report)).not.toMatch(/\d{4,}\.\d|caseNumber":"/); // names of fields, never values
    await gql(officer.first, RELIEF);
    await gql(officer.first, RELIEF);
    const after = await governance(steward.civil, 'query ($id: ID!) { sharingUsage(id: $id) { reads overVolume } }', {
      id: agreementId,
    });
    expect(after.data?.['sharingUsage']).toEqual({ reads: logged + 2, overVolume: logged + 2 > 3 });
    expect(after.data?.['sharingUsage'].overVolume).toBe(true);
    // Past the volume the owner is alerted once: the count, the time, one event in the log, the metric.
    const counted = await governance(
      steward.civil,
      '{ sharingAgreements(state: ACTIVE) { id readsUsed overVolumeAt } }',
    );
    expect(counted.data?.['sharingAgreements']).toEqual([
      { id: agreementId, readsUsed: logged + 2, overVolumeAt: expect.any(String) },
    ]);
    const alerts = await sql.rows<{ entities: string }>(
      `SELECT entities FROM ${PREFIX}gateway.access_log WHERE \`reads\` LIKE '%Sharing.overVolume%'`,
    );
    expect(alerts.map((a) => a.entities)).toEqual([JSON.stringify({ 'Sharing.overVolume': [agreementId] })]);
    const metrics = await (await fetch(stack.gatewayUrl.replace(/\/graphql$/, '/metrics'))).text();
    expect(metrics).toMatch(/govgraph_sharing_agreements_over_volume_total\{owner="civil-affairs-bureau"\} 1/);
    // Nobody outside the two departments sees it.
    expect(
      codes(
        await governance(steward.audit, 'query ($id: ID!) { sharingUsage(id: $id) { reads } }', { id: agreementId }),
      ),
    ).toEqual(['FORBIDDEN_FIELD']);
  });

  it('suspended or revoked on one instance, refused on both within 2 s; no cached answer survives', async () => {
    // Cached under the agreement first: the second read is answered without asking civil affairs.
    await gql(officer.first, RELIEF);
    stack.resetStatementCounts();
    expect((await gql(officer.first, RELIEF)).errors).toBeUndefined();
    expect(stack.statementCounts()['civil-affairs']).toBe(0);
    const suspend = await governance(
      steward.civil2,
      'mutation ($id: ID!) { suspendSharingAgreement(id: $id, reason: "核查用量") { state inForce changedBy } }',
      { id: agreementId },
    );
    expect(suspend.data?.['suspendSharingAgreement']).toEqual({
      state: 'SUSPENDED',
      inForce: false,
      changedBy: 'steward.civil2',
    });
    for (const who of [officer.first, officer.second])
      await within(2000, async () => codes(await gql(who, RELIEF)).includes('FORBIDDEN_FIELD'));
    // The requester may not resume it; the owner does.
    const resume = 'mutation ($id: ID!) { resumeSharingAgreement(id: $id) { state } }';
    expect(codes(await governance(steward.finance, resume, { id: agreementId }))).toEqual(['FORBIDDEN_FIELD']);
    expect((await governance(steward.civil, resume, { id: agreementId })).data?.['resumeSharingAgreement']).toEqual({
      state: 'ACTIVE',
    });
    await within(2000, async () => (await gql(officer.first, RELIEF)).errors === undefined);
    // Either side revokes for good.
    const revoked = await governance(
      steward.finance,
      'mutation ($id: ID!) { revokeSharingAgreement(id: $id, reason: "核查结束") { state } }',
      { id: agreementId },
    );
    expect(revoked.data?.['revokeSharingAgreement']).toEqual({ state: 'REVOKED' });
    for (const who of [officer.first, officer.second])
      await within(2000, async () => codes(await gql(who, RELIEF)).includes('FORBIDDEN_FIELD'));
    expect(codes(await governance(steward.civil, resume, { id: agreementId }))).toEqual(['BAD_USER_INPUT']);
  });

  it('past its last day, refused on both instances; no cached answer survives', async () => {
    const filed = await request({ expectedReads: 1000 });
    const id = filed.data?.['fileSharingRequest'].id as string;
    const approve = 'mutation ($id: ID!) { approveSharingRequest(id: $id) { state } }';
    expect((await governance(steward.civil, approve, { id })).data?.['approveSharingRequest']).toEqual({
      state: 'ACTIVE',
    });
    await within(2000, async () => (await gql(officer.second, RELIEF)).errors === undefined);
    await gql(officer.first, RELIEF);
    stack.resetStatementCounts();
    expect((await gql(officer.first, RELIEF)).errors).toBeUndefined();
    expect(stack.statementCounts()['civil-affairs']).toBe(0); // cached under the agreement
    // The calendar passes its last day: the agreement is still ACTIVE, but no longer in force.
    await sql.rows(`UPDATE ${PREFIX}gateway.sharing_agreement SET starts_on = ?, ends_on = ? WHERE id = ?`, [
      inDays(-30),
      inDays(-1),
      id,
    ]);
    for (const who of [officer.first, officer.second])
      await within(2000, async () => codes(await gql(who, RELIEF)).includes('FORBIDDEN_FIELD'));
    const listed = await governance(steward.civil, '{ sharingAgreements(state: ACTIVE) { id inForce } }');
    expect(listed.data?.['sharingAgreements']).toContainEqual({ id, inForce: false });
  });

  it('every step is an event in the hash-chained log, refusals too', async () => {
    const steps = await sql.rows<{ user_name: string; reads: string; entities: string }>(
      `SELECT user_name, \`reads\`, entities FROM ${PREFIX}gateway.access_log WHERE \`reads\` LIKE '%Governance.%Sharing%' ORDER BY id`,
    );
    const events = steps
      .filter((s) => s.entities.includes(`"${agreementId}"`))
      .map(
        (s) =>
          `${s.user_name} ${(JSON.parse(s.reads) as Array<{ coordinate: string; decision: string }>)[0]!.coordinate.replace('Governance.', '')} ${(JSON.parse(s.reads) as Array<{ decision: string }>)[0]!.decision}`,
      );
    expect(events).toEqual([
      'steward.finance fileSharingRequest allowed',
      'steward.finance approveSharingRequest denied',
      'steward.audit approveSharingRequest denied',
      'steward.civil approveSharingRequest allowed',
      'steward.civil sharingUsage allowed',
      'steward.civil sharingUsage allowed',
      'steward.audit sharingUsage denied',
      'steward.civil2 suspendSharingAgreement allowed',
      'steward.finance resumeSharingAgreement denied',
      'steward.civil resumeSharingAgreement allowed',
      'steward.finance revokeSharingAgreement allowed',
    ]);
  });

  it('npm run sharing: a steward files, lists and the owner approves from the command line', async () => {
    const cli = async (who: Caller, ...args: string[]) => {
      try {
        const { stdout } = await run(process.execPath, ['scripts/run.js', 'gateway/cli/sharing', ...args], {
          cwd: join(__dirname, '..', '..'),
          env: {
            ...process.env,
            GATEWAY_URL: stack.gatewayUrl.replace(/\/graphql$/, ''),
            GOVGRAPH_TOKEN: who.headers['authorization']!.replace('Bearer ', ''),
          },
        });
        return { code: 0, out: stdout };
      } catch (error) {
        const e = error as { code: number; stdout: string; stderr: string };
        return { code: e.code, out: e.stdout + e.stderr };
      }
    };
    const file = (resources: string) =>
      cli(
        steward.finance,
        'request',
        '--resources',
        resources,
        '--purpose',
        'finance-check',
        '--basis',
        '停发死亡人员待遇',
        '--region',
        '320100',
        '--roles',
        'finance-officer',
        '--ends',
        inDays(30),
        '--reads',
        '100',
      );
    const filed = await file('civil-affairs.death-registrations,civil-affairs.relief-recipients');
    // Death registrations are shared unconditionally: the CLI shows the refusal with its code, nothing is filed.
    expect(filed.code).not.toBe(0);
    expect(filed.out).toMatch(/needs no agreement/);
    const ok = await file('civil-affairs.relief-recipients');
    expect(ok.code).toBe(0);
    const id = String((JSON.parse(ok.out) as { id: string }).id);
    const listed = await cli(steward.civil, 'list', '--state', 'REQUESTED');
    expect((JSON.parse(listed.out) as Array<{ id: string }>).map((a) => a.id)).toEqual([id]);
    const approved = await cli(steward.civil, 'approve', id);
    expect(approved.code).toBe(0);
    expect(JSON.parse(approved.out)).toMatchObject({ id, state: 'ACTIVE', inForce: true });
    const usage = await cli(steward.civil, 'usage', id);
    expect(JSON.parse(usage.out)).toMatchObject({ reads: 0, overVolume: false });
  });
});
