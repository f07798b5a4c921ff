import { join } from 'node:path';

import { projectRoot } from '../../common/paths';
import type { RunningGateway } from '../../gateway/create-gateway';
import { loadPolicy } from '../../gateway/policy/load-policy';
import { caller, INSPECTION_PURPOSE } from '../support/access';
import { mysqlStorage, testDb } from '../support/env';
import { gql, type GraphqlResponse } from '../support/graphql';
import { SqlOracle } from '../support/mysql';
import { startTestStack, type TestStack } from '../support/stack';
import { staffingGateways, type StaffingGateways } from '../support/staffing-gateways';

const RELIEF = '{ beneficiaries(first: 3) { totalCount nodes { caseNumber monthlyAmount } } }';
const withheld = (result: GraphqlResponse<unknown>) =>
  [
    ...new Set((result.errors ?? []).map((e) => `${String(e.extensions?.['coordinate'])} ${e.extensions?.code}`)),
  ].sort();

/**
 * The data resource catalog decides who may have a field whatever the clearance: a finance officer with
 * SENSITIVE clearance is refused civil affairs' conditional relief data, the owner reads it, a statute
 * opens it to discipline inspection, and nobody outside civil affairs reads what it does not share.
 */
describe('security: data sharing by the catalog', () => {
  const sql = new SqlOracle();
  let stack: TestStack;
  let as: Record<'finance' | 'civil' | 'supervisor' | 'financeClaimingCivil', ReturnType<typeof caller>>;
  const inRegion = async (table: string) =>
    sql.value(`SELECT COUNT(*) FROM ${testDb('civil_affairs')}.${table} WHERE region_code LIKE '3201%'`);

  beforeAll(async () => {
    stack = await startTestStack(mysqlStorage);
    const mint = async (user: string, roles: string[], region: string, department?: string, purpose?: string) =>
      caller(
        stack.gatewayUrl,
        await stack.realm.mint({ user, roles, region, ...(department ? { department } : {}) }),
        purpose,
      );
    as = {
      finance: await mint('share.finance', ['finance-officer'], '320100'),
      civil: await mint('share.civil', ['civil-affairs-officer'], '320100'),
      supervisor: await mint('share.supervisor', ['supervisor'], '320100', undefined, INSPECTION_PURPOSE),
      // The realm says this finance officer works for civil affairs: the claim, as the policy maps it, decides.
      financeClaimingCivil: await mint('share.seconded', ['finance-officer'], '320100', 'civil-affairs'),
    };
  });
  afterAll(async () => {
    await stack[Symbol.asyncDispose]();
    await sql[Symbol.asyncDispose]();
  });

  it('a finance officer with SENSITIVE clearance is refused conditional relief data, naming the resource and how to ask', async () => {
    const result = await gql(as.finance, RELIEF);
    expect(result.data?.['beneficiaries']).toBeNull();
    expect(withheld(result)).toEqual(['Query.beneficiaries FORBIDDEN_FIELD']);
    expect(result.errors![0]!.message).toContain('低保救助对象 (civil-affairs.relief-recipients), owned by 民政局');
    expect(result.errors![0]!.message).toContain('财政局 needs a sharing agreement with its owner');
    // Its own department's conditional data it reads as before.
    const own = await gql(as.finance, '{ payrollLines(first: 1) { totalCount } }');
    expect(own.errors).toBeUndefined();
    expect(own.data?.['payrollLines'].totalCount).toBe(
      await sql.value(`SELECT COUNT(*) FROM ${testDb('finance')}.payroll_line WHERE region_code LIKE '3201%'`),
    );
  });

  it('the owner reads it; a department claim in the token decides over the roles', async () => {
    for (const who of [as.civil, as.financeClaimingCivil]) {
      const result = await gql(who, RELIEF);
      expect(result.errors).toBeUndefined();
      expect(result.data?.['beneficiaries'].totalCount).toBe(await inRegion('beneficiary'));
      expect(result.data?.['beneficiaries'].nodes[0].monthlyAmount).toEqual(expect.any(Number));
    }
  });

  it('discipline inspection reads conditional data by statute, never what is not shared (不予共享), even RESTRICTED', async () => {
    const query =
      '{ households(first: 2) { totalCount nodes { householdNumber address } } beneficiaries(first: 1) { totalCount } }';
    const result = await gql(as.supervisor, query);
    expect(result.data?.['beneficiaries'].totalCount).toBe(await inRegion('beneficiary'));
    expect(result.data?.['households'].totalCount).toBe(await inRegion('household'));
    expect(result.data?.['households'].nodes.map((h: { address: unknown }) => h.address)).toEqual([null, null]);
    expect(withheld(result)).toEqual(['Household.address FORBIDDEN_FIELD']);
    expect(result.errors![0]!.message).toMatch(/不予共享 \(not shared\): it does not leave its owner/);
    // The owner's own officer reads the address (masked by grade, not withheld by the catalog).
    const owner = await gql(as.civil, '{ households(first: 1) { nodes { address } } }');
    expect(withheld(owner)).toEqual([]);
    expect(owner.data?.['households'].nodes[0].address).toEqual(expect.any(String));
  });

  it('aliases and fragments do not get past it, and every refusal is in the access log', async () => {
    const result = await gql(
      as.finance,
      '{ a: beneficiaries(first: 1) { totalCount } ...F } fragment F on Query { b: reliefPayments(first: 1) { totalCount } }',
    );
    expect(withheld(result)).toEqual(['Query.beneficiaries FORBIDDEN_FIELD', 'Query.reliefPayments FORBIDDEN_FIELD']);
    const reader = caller(
      stack.gatewayUrl.replace(/\/graphql$/, '/governance/graphql'),
      await stack.realm.mint({ user: 'share.log', roles: ['audit-log-reader'], region: '320000' }),
    );
    const log = await gql(
      reader,
      '{ accessLog(filter: { user: "share.finance" }) { reads { coordinate decision code } } }',
    );
    const denied = (
      log.data?.['accessLog'] as Array<{ reads: Array<{ coordinate: string; decision: string; code: string }> }>
    )
      .flatMap((r) => r.reads)
      .filter((r) => r.decision === 'denied')
      .map((r) => `${r.coordinate} ${r.code}`);
    expect(new Set(denied)).toEqual(
      new Set(['Query.beneficiaries FORBIDDEN_FIELD', 'Query.reliefPayments FORBIDDEN_FIELD']),
    );
  });

  it('the catalog is browsable at /governance/graphql by anyone signed in, with each resource its fields in the graph', async () => {
    const governance = { ...as.finance, url: stack.gatewayUrl.replace(/\/graphql$/, '/governance/graphql') };
    const result = await gql(
      governance,
      `{ dataResources(filter: { system: "civil-affairs", sharing: CONDITIONAL }) {
           name title owner { name label } sharingLabel legalBasis levels fields statutoryReaders { name } } }`,
    );
    expect(result.errors).toBeUndefined();
    const [relief, ...others] = result.data?.['dataResources'] as [Record<string, any>, ...Array<Record<string, any>>];
    expect(others).toEqual([]);
    expect(relief).toMatchObject({
      name: 'civil-affairs.relief-recipients',
      title: '低保救助对象',
      owner: { name: 'civil-affairs-bureau', label: '民政局' },
      sharingLabel: '有条件共享 (conditional)',
      levels: ['INTERNAL', 'SENSITIVE', 'RESTRICTED'],
    });
    expect(relief['fields']).toEqual(expect.arrayContaining(['Beneficiary.monthlyAmount', 'Person.reliefMemberships']));
    expect(relief['statutoryReaders'].map((d: { name: string }) => d.name).sort()).toEqual([
      'audit-office',
      'discipline-inspection',
    ]);
    const text = await gql(
      governance,
      '{ dataResources(filter: { text: "Household.address" }) { name sharingLabel } }',
    );
    expect(text.data?.['dataResources']).toEqual([
      { name: 'civil-affairs.household-addresses', sharingLabel: '不予共享 (not shared)' },
    ]);
    const anonymous = await gql(governance.url, '{ dataResources { name } }');
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

/** The response cache keys answers by department: one cached for the owner's officers is never served to another department. */
describe('security: cached answers and data sharing', () => {
  const policy = loadPolicy(join(projectRoot, 'policies'));
  policy.cache = { ...policy.cache, enabled: true, ttlSeconds: { Person: 60, PersonConnection: 60 } };
  // Dates of birth as their own conditional resource of staffing's (the shipped catalog shares the roll whole).
  const roll = policy.resources.get('staffing.real-name-roll')!;
  roll.fields = roll.fields.filter((f) => f !== 'Person.birthDate');
  policy.resources.set('staffing.birth-dates', {
    ...roll,
    name: 'staffing.birth-dates',
    title: '出生日期',
    sharing: 'conditional',
    fields: ['Person.birthDate'],
  });
  let stack: StaffingGateways;
  let gateway: RunningGateway;
  beforeAll(async () => {
    stack = await staffingGateways();
    gateway = await stack.start({}, policy);
  });
  afterAll(async () => {
    await stack?.[Symbol.asyncDispose]();
  });

  it('the same roles and region in another department get no cached answer of a conditional field', async () => {
    const query = '{ people(first: 3) { nodes { personKey birthDate } } }';
    const officer = async (user: string, department?: string) =>
      caller(
        gateway.url,
        await stack.realm.mint({
          user,
          roles: ['staffing-officer'],
          region: '320200',
          ...(department ? { department } : {}),
        }),
      );
    const owner = await gql(await officer('cache.staffing'), query);
    expect(owner.errors).toBeUndefined();
    const before = stack.staffing.requests.count;
    const again = await gql(await officer('cache.staffing2'), query);
    expect(stack.staffing.requests.count).toBe(before); // the owner's context: from the cache
    expect(again).toEqual(owner);
    const other = await gql(await officer('cache.finance', 'finance'), query);
    expect(other.data?.['people'].nodes.map((p: { birthDate: unknown }) => p.birthDate)).toEqual([null, null, null]);
    expect(withheld(other)).toEqual(['Person.birthDate FORBIDDEN_FIELD']);
  });
});
