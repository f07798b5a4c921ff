import { buildSchema, parse } from 'graphql';

import { completeValues } from '../../gateway/request/execution/complete-values';

const schema = buildSchema(`
  type Query { people: [Person!] maybe: [Person] boss: Person! }
  type Person { name: String! age: Int salary: Float level: Level friends: [Person!]! }
  enum Level { A B }
`);

/** Answers assembled from subgraph JSON are completed as graphql-js would complete them. */
describe('completing planned answers against the schema', () => {
  it('leaves of the wrong type become field errors; valid values pass unchanged', () => {
    const { data, errors } = completeValues(schema, parse('{ people { name age salary level friends { name } } }'), {
      people: [{ name: 'a', age: 'old', salary: 1.5, level: 'C', friends: [] }],
    });
    expect(data).toEqual({ people: [{ name: 'a', age: null, salary: 1.5, level: null, friends: [] }] });
    expect(errors.map((e) => e.path)).toEqual([
      ['people', 0, 'age'],
      ['people', 0, 'level'],
    ]);
  });

  it('a null where a value is promised nulls the nearest nullable parent, with one error', () => {
    const { data, errors } = completeValues(schema, parse('{ people { name } }'), {
      people: [{ name: 'a' }, { name: null }],
    });
    expect(data).toEqual({ people: null });
    expect(errors).toHaveLength(1);
    expect(errors[0]!.path).toEqual(['people', 1, 'name']);
    expect(errors[0]!.extensions['code']).toBe('SUBGRAPH_UNAVAILABLE');
  });

  it('a broken non-null field nulls its object where the object may be null (a list item), not the list', () => {
    const { data, errors } = completeValues(schema, parse('{ maybe { name } }'), {
      maybe: [{ name: 'a' }, { name: null }],
    });
    expect(data).toEqual({ maybe: [{ name: 'a' }, null] });
    expect(errors.map((e) => e.path)).toEqual([['maybe', 1, 'name']]);
  });

  it('aliases and fragments are followed; a null the subgraph already explained is not reported again, and a root promise broken nulls the answer', () => {
    expect(
      completeValues(schema, parse('{ p: people { ...F } } fragment F on Person { n: name }'), { p: [{ n: 7 }] }),
    ).toEqual({ data: { p: [{ n: '7' }] }, errors: [] });
    expect(completeValues(schema, parse('{ b: boss { name } }'), { b: null }, [{ path: ['b'] }])).toEqual({
      data: null,
      errors: [],
    });
  });

  it('fields come in the order the operation selects them, one response key merged from all its selections', () => {
    // As merged from two subgraphs: the second one's fields arrived last.
    const merged = { boss: { age: 40, name: 'b', friends: [{ name: 'c' }] } };
    const { data } = completeValues(
      schema,
      parse('{ boss { name friends { name } } boss { age friends { age } } }'),
      merged,
    );
    expect(JSON.stringify(data)).toBe('{"boss":{"name":"b","friends":[{"name":"c"}],"age":40}}');
  });
});
