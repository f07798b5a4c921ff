import { buildSchema } from 'graphql';

import { ErrorCode } from '../../common/errors';
import { departmentOf } from '../../gateway/policy/catalog-rules';
import { catalogSchema } from '../../gateway/policy/schema-resources';
import { AccessPlans } from '../../gateway/request/access/access-plans';
import { agreementInForce, type SharingAgreement } from '../../gateway/request/sharing/sharing-agreements';
import {
  caller,
  decisions,
  harnessPolicy,
  harnessRules,
  harnessSchema,
  operationOf,
  planFor,
} from './harness/access-harness';

/**
 * The harness catalog: unit.roll unconditional (roll-office), unit.relief conditional and unit.means-test
 * none (welfare-office, the latter open to clerks); Person.hobby belongs to no resource.
 */
describe('data sharing: the catalog decides by department, whatever the clearance', () => {
  const query = '{ person(id: "1") { name allowance householdIncome hobby } }';

  it('a conditional resource is withheld from another department, with a reason naming it and how to ask', () => {
    const plan = planFor(query, caller('inspector', 'BB-2026-0001; 核查', 'roll-office')).plan;
    expect(decisions(plan)).toEqual([
      'Person.allowance denied FORBIDDEN_FIELD',
      'Person.hobby denied FORBIDDEN_FIELD',
      'Person.householdIncome denied FORBIDDEN_FIELD',
      'Person.name allowed',
      'Query.person allowed',
    ]);
    const allowance = plan.withheld.find((w) => w.coordinate === 'Person.allowance')!;
    expect(allowance.message).toContain('救助对象 (unit.relief), owned by 民政局, is 有条件共享 (conditional)');
    expect(allowance.message).toContain('needs a sharing agreement with its owner (contact: 救助科)');
    const income = plan.withheld.find((w) => w.coordinate === 'Person.householdIncome')!;
    expect(income.message).toContain('不予共享 (not shared): it does not leave its owner');
    // Person.hobby is in no resource of the harness catalog: denied by default, even to RESTRICTED clearance.
    expect(plan.withheld.find((w) => w.coordinate === 'Person.hobby')!.message).toMatch(/belongs to no data resource/);
  });

  it('the owner reads its own resources; a statute opens conditional ones but never those not shared', () => {
    expect(decisions(planFor(query, caller('officer', undefined, 'welfare-office')).plan)).toEqual([
      'Person.allowance allowed',
      'Person.hobby denied FORBIDDEN_FIELD',
      'Person.householdIncome allowed',
      'Person.name allowed',
      'Query.person allowed',
    ]);
    expect(decisions(planFor(query, caller('officer', undefined, 'inspection')).plan)).toEqual([
      'Person.allowance allowed',
      'Person.hobby denied FORBIDDEN_FIELD',
      'Person.householdIncome denied FORBIDDEN_FIELD',
      'Person.name allowed',
      'Query.person allowed',
    ]);
  });

  it('a resource open to a role by a rule of its own is read by that role only; no department reads unconditional ones only', () => {
    // A clerk (INTERNAL) reads householdIncome (INTERNAL) by the resource's openTo rule, not by department.
    expect(decisions(planFor(query, caller('clerk')).plan)).toContain('Person.householdIncome allowed');
    expect(decisions(planFor(query, caller('officer')).plan)).toEqual([
      'Person.allowance denied FORBIDDEN_FIELD',
      'Person.hobby denied FORBIDDEN_FIELD',
      'Person.householdIncome denied FORBIDDEN_FIELD',
      'Person.name allowed',
      'Query.person allowed',
    ]);
    // Clearance still applies first: an anonymous caller is refused the INTERNAL field by level.
    const anonymous = planFor(query, caller('anonymous')).plan;
    expect(anonymous.withheld.find((w) => w.coordinate === 'Person.allowance')!.message).toMatch(/clearance/);
  });

  it('aliases and fragments do not get around it, and a plan is never reused across departments', () => {
    const sneaky = '{ person(id: "1") { a: allowance ...F } } fragment F on Person { b: allowance }';
    const plan = planFor(sneaky, caller('officer', undefined, 'roll-office')).plan;
    expect(plan.withheld.map((w) => `${w.key} ${w.code}`).sort()).toEqual([
      `a ${ErrorCode.FORBIDDEN_FIELD}`,
      `b ${ErrorCode.FORBIDDEN_FIELD}`,
    ]);
    const plans = new AccessPlans(harnessPolicy());
    const { document, operation, variables } = operationOf(query);
    const input = { schema: harnessSchema, rules: harnessRules(), document, operation, variables };
    const owner = plans.planFor({ ...input, access: caller('officer', undefined, 'welfare-office') });
    const other = plans.planFor({ ...input, access: caller('officer', undefined, 'roll-office') });
    expect(owner).not.toBe(other);
    expect(decisions(other)).toContain('Person.allowance denied FORBIDDEN_FIELD');
    expect(plans.planFor({ ...input, access: caller('officer', undefined, 'welfare-office') })).toBe(owner);
  });

  it('a field no resource names is withheld from everyone, the owner of nothing included', () => {
    const schema = buildSchema('type Query { a: Int, b: Int }');
    const policy = harnessPolicy();
    const catalog = catalogSchema(schema, { ...policy, resources: new Map() }, []);
    expect(catalog.unassigned).toEqual(['Query.a', 'Query.b']);
  });

  it('a department comes from the token claim as the policy maps it, else from the roles', () => {
    const policy = harnessPolicy();
    expect(departmentOf('roll', [], policy)).toBe('roll-office');
    expect(departmentOf('roll-office', [], policy)).toBe('roll-office');
    expect(departmentOf('made-up', [], policy)).toBeNull();
    expect(departmentOf(null, ['clerk'], policy)).toBeNull();
  });

  it('a subgraph declares its own resources with @dataResource; it cannot take a field the catalog names', () => {
    const sdl = `
      type Query { houses: [House] @dataResource(name: "housing.subsidies") }
      type House @key(fields: "id") @dataResource(name: "housing.subsidies", title: "住房补贴", owner: "housing-bureau",
          sharing: "conditional", legalBasis: "住房保障条例", updateFrequency: "monthly", contact: "住建局") {
        id: ID!
        amount: Int
      }
      type Person @dataResource(name: "housing.grab", title: "x", owner: "housing-bureau", sharing: "unconditional",
          legalBasis: "x", updateFrequency: "x", contact: "x") { name: String }`;
    const schema = buildSchema(`${harnessSchemaSdlWith('type House { id: ID!, amount: Int }', 'houses: [House]')}`);
    const catalog = catalogSchema(schema, harnessPolicy(), [sdl]);
    expect(catalog.of('House', 'amount').map((r) => `${r.name} ${r.owner} ${r.sharing}`)).toEqual([
      'housing.subsidies housing-bureau conditional',
    ]);
    expect(catalog.of('Query', 'houses').map((r) => r.name)).toEqual(['unit.roll']); // Query.* is the catalog's
    expect(catalog.of('House', 'id').map((r) => r.name)).toEqual(['housing.subsidies']);
    expect(catalog.unassigned).toEqual([]);
    // Person.name stays the catalog's unconditional roll, not the subgraph's.
    expect(catalog.of('Person', 'name').map((r) => r.name)).toEqual(['unit.roll']);
  });
});

describe('data sharing: agreements', () => {
  const query = '{ person(id: "1") { allowance householdIncome } }';
  const under = (resources: string[]) => ({
    ...caller('officer', undefined, 'roll-office'),
    agreements: [{ id: 7, resources }],
  });

  it('an agreement in force opens the conditional resources it names, and the plan names it', () => {
    const plan = planFor(query, under(['unit.relief'])).plan;
    expect(decisions(plan)).toContain('Person.allowance allowed');
    expect(plan.agreements).toEqual([7]);
    // Naming nothing the query reads, it is not named.
    expect(planFor('{ person(id: "1") { name } }', under(['unit.relief'])).plan.agreements).toEqual([]);
  });

  it('never opens a resource that is not shared, even when an agreement names it', () => {
    const plan = planFor(query, under(['unit.relief', 'unit.means-test'])).plan;
    expect(decisions(plan)).toContain('Person.householdIncome denied FORBIDDEN_FIELD');
  });

  it('is in force from the start of its first day to the end of its last, only while ACTIVE', () => {
    const a = { state: 'ACTIVE', startsOn: '2026-12-01', endsOn: '2026-12-31' } as SharingAgreement;
    expect(agreementInForce(a, new Date('2026-11-30T23:59:59Z'))).toBe(false);
    expect(agreementInForce(a, new Date('2026-12-01T00:00:00Z'))).toBe(true);
    expect(agreementInForce(a, new Date('2026-12-31T23:59:59Z'))).toBe(true);
    expect(agreementInForce(a, new Date('2027-01-01T00:00:00Z'))).toBe(false);
    for (const state of ['REQUESTED', 'SUSPENDED', 'REVOKED', 'REJECTED'])
      expect(agreementInForce({ ...a, state } as SharingAgreement, new Date('2026-12-15T12:00:00Z'))).toBe(false);
  });
});

function harnessSchemaSdlWith(extraType: string, queryField: string): string {
  return `
    type Query { person(id: ID!): Person ${queryField} }
    type Person { name: String }
    ${extraType}`;
}
