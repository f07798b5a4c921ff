import { executeSync, type ExecutionResult } from 'graphql';

import { ErrorCode } from '../../common/errors';
import { applyPlan, withholdSensitive } from '../../gateway/request/access/apply-plan';
import { Masker } from '../../gateway/request/access/masker';
import { caller, harnessSchema, planFor } from './harness/access-harness';

const masker = new Masker({ secret: 'unit-pseudonym-secret-0123456789', epochDays: 30 }, () => 0);

const PEOPLE = [
  { __typename: 'Person', id: 'p1', name: '张三', idNumber: '11010519491231002X', salary: 9000 },
  { __typename: 'Person', id: 'p2', name: '欧阳娜娜', idNumber: '110105199001010018', salary: 8000 },
];
const ORG = { __typename: 'Org', id: 'o1', name: '编办', budget: 100 };
const root = { people: PEOPLE, person: () => PEOPLE[0], search: [PEOPLE[1], ORG] };

/** The answer a subgraph gives to the cut document: graphql-js over the harness schema and plain data. */
function answer(document: ReturnType<typeof planFor>['plan']['document']): Record<string, unknown> {
  const result = executeSync({ schema: harnessSchema, document, rootValue: root }) as ExecutionResult;
  expect(result.errors).toBeUndefined();
  return structuredClone(result.data) as Record<string, unknown>;
}

describe('applying an access plan to the answer', () => {
  it('withheld fields become null with an error at each path; masked values are masked; helper keys are dropped', () => {
    const { plan } = planFor('{ people { id who: name idNumber } }', caller('clerk'));
    const data = answer(plan.document);
    const applied = applyPlan(data, plan, masker);
    expect(data).toEqual({
      people: [
        { id: 'p1', who: '张*', idNumber: null },
        { id: 'p2', who: '欧***', idNumber: null },
      ],
    });
    expect(applied.errors.map((e) => [e.path?.join('.'), e.extensions['code']])).toEqual([
      ['people.0.idNumber', ErrorCode.FORBIDDEN_FIELD],
      ['people.1.idNumber', ErrorCode.FORBIDDEN_FIELD],
    ]);
  });

  it('under a union, only the objects of the type a decision names are touched', () => {
    const { plan } = planFor(
      '{ search(text: "x") { ... on Person { name } ... on Org { name budget } } }',
      caller('clerk'),
    );
    const data = answer(plan.document);
    const applied = applyPlan(data, plan, masker);
    // Person.name is masked for a clerk, Org.name is PUBLIC: the same response key, two decisions.
    expect(data).toEqual({ search: [{ name: '欧***' }, { name: '编办', budget: null }] });
    expect(applied.errors.map((e) => e.path?.join('.'))).toEqual(['search.1.budget']);
  });

  it('RESTRICTED reads in clear name their entities for the log; without the log, SENSITIVE values are withheld', () => {
    const { plan } = planFor('{ people { idNumber salary } }', caller('inspector', 'BB-2026-0001; 核查'));
    const data = answer(plan.document);
    expect(applyPlan(data, plan, masker).entities).toEqual({ 'Person.idNumber': ['p1', 'p2'] });
    expect(data).toEqual({ people: PEOPLE.map(({ idNumber, salary }) => ({ idNumber, salary })) });
    const errors = withholdSensitive(data, plan);
    expect(data).toEqual({ people: PEOPLE.map(() => ({ idNumber: null, salary: null })) });
    expect(errors).toHaveLength(4);
  });

  it('a withheld field with nothing to hold it (an empty list) is still reported once', () => {
    const { plan } = planFor('{ people { idNumber } }', caller('clerk'));
    const applied = applyPlan({ people: [] }, plan, masker);
    expect(applied.errors.map((e) => e.path?.join('.'))).toEqual(['people.idNumber']);
  });
});
