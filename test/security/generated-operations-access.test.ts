import type { Policy } from '../../gateway/policy/policy-model';
import { Random } from '../../subgraphs/seed/random';
import { peopleAndPayrollFixture } from '../integration/federation/fixtures/people-and-payroll';
import { OperationGenerator } from '../support/differential/generate-operation';
import { runDifferential } from '../support/differential/run-differential';
import { startThreeGateways, type ThreeGateways } from '../support/differential/three-gateways';
import { gql } from '../support/graphql';

/** A person's salary is RESTRICTED (withheld from an anonymous caller); names are SENSITIVE, shown masked. */
function grade(policy: Policy): void {
  policy.fields.set('Person.salary', { level: 'RESTRICTED', masks: {}, purpose: false, source: 'test' });
  policy.fields.set('Person.name', { level: 'SENSITIVE', masks: { PUBLIC: 'name' }, purpose: false, source: 'test' });
}

const OPERATIONS = 300;
const CLEAR_NAME = /人员\d/;

/**
 * Access control under generated operations (aliases, fragments, conditions, entity jumps): whatever
 * shape asks for them, a withheld field is never requested from a subgraph, and a masked value never
 * leaves the gateway in clear — by the planner and by the general path alike.
 */
describe('access control holds under generated operations', () => {
  let gateways: ThreeGateways;
  beforeAll(async () => {
    gateways = await startThreeGateways(peopleAndPayrollFixture, grade);
  });
  afterAll(async () => {
    await gateways?.[Symbol.asyncDispose]();
  });

  it.each(['planner', 'general'] as const)('%s: no withheld field fetched, no masked value in clear', async (path) => {
    const payroll = gateways.subgraphs['payroll']!.documents;
    const sentBefore = payroll.length;
    const generator = new OperationGenerator(gateways.apiSchema);
    const random = new Random(20261202);
    let askedForSalary = 0;
    let withheld = 0;
    let masked = 0;
    for (let i = 0; i < OPERATIONS; i++) {
      const operation = generator.generate(random);
      const answer = await gql(gateways[path].url, operation.query, operation.variables);
      const text = JSON.stringify(answer.data ?? null);
      expect([operation.query, CLEAR_NAME.test(text)]).toEqual([operation.query, false]);
      if (/\bsalary\b/.test(operation.query)) askedForSalary++;
      withheld += answer.errors?.filter((e) => e.extensions?.code === 'FORBIDDEN_FIELD').length ?? 0;
      if (/人\*/.test(text)) masked++;
    }
    // The generator did ask for both, many times over, and the gateway withheld and masked.
    expect(askedForSalary).toBeGreaterThan(20);
    expect(withheld).toBeGreaterThan(20);
    expect(masked).toBeGreaterThan(20);
    // payroll owns salary: of every document it was sent, none selects it.
    const sent = payroll.slice(sentBefore);
    expect(sent.length).toBeGreaterThan(20);
    expect(sent.filter((d) => /\bsalary\b/.test(d))).toEqual([]);
  });

  it('with the policy applied, the planner and the general path still answer alike', async () => {
    const report = await runDifferential(gateways, {
      seed: 7,
      count: 100,
      explain: (d) => (d.between === 'govgraph/reference' ? 'the reference gateway applies no policy' : null),
    });
    expect(report.disagreements).toEqual([]);
  });
});
