import { parse } from 'graphql';

import { planner, planOf, schema } from './harness/planner-harness';

describe('the query planner', () => {
  it('fetches root fields from their subgraph and entity fields by key from the other, one request per level', () => {
    expect(planOf('{ people { id name salary payments(last: 3) { amount } } }').lines).toEqual([
      'PEOPLE { people { id name __govgraph_key_id: id } }',
      '  people → PAYROLL Person { salary payments(last: 3) { amount } }',
    ]);
  });

  it('takes a field from the subgraph that @provides it there, and fetches it elsewhere only where it is not provided', () => {
    expect(planOf('{ topEarner { name salary } }').lines).toEqual(['PEOPLE { topEarner { name salary } }']);
    expect(planOf('{ team { lead { salary } members { salary } } }').lines).toEqual([
      'PEOPLE { team { lead { salary } members { __govgraph_key_id: id } } }',
      '  team.members → PAYROLL Person { salary }',
    ]);
  });

  it('root fields of two subgraphs are two root fetches, run at once; aliases are kept', () => {
    expect(planOf('{ who: people { name } slips: payslips { amount } }').lines).toEqual([
      'PEOPLE { who: people { name } }',
      'PAYROLL { slips: payslips { amount } }',
    ]);
  });

  it('leaves introspection to the general path', () => {
    expect(planOf('{ __schema { queryType { name } } }').lines).toEqual(['general path']);
  });

  it('plans a document once: the same cut document gets the same plan, another document its own', () => {
    const document = parse('{ people { name salary } }');
    const first = planner.plan(schema, document);
    expect(first).not.toBeNull();
    expect(planner.plan(schema, document)).toBe(first);
    expect(planner.plan(schema, parse('{ people { name salary } }'))).not.toBe(first);
  });
});
