import { buildSchema, parse } from 'graphql';
import { completeValues } from '../../gateway/execution/complete-values';

const schema = buildSchema(`
  type Query { people: [Person!] boss: Person! }
  type Person { name: String! age: Int salary: Float level: Level friends: [Person!]! }
  enum Level { A B }
`);

/** Answers assembled from subgraph JSON are completed as graphql-js would complete them. */
describe('completing planned answers against the schema', () => {
  it('leaves of the wrong type become field errors; valid values pass unchanged', () => {
    const data: Record<string, unknown> = { people: [{ name: 'a', age: 'old', salary: 1.5, level: 'C', friends: [] }] };
    const { errors } = completeValues(schema, parse('{ people { name age salary level friends { name } } }'), data);
    expect(data).toEqual({ people: [{ name: 'a', age: null, salary: 1.5, level: null, friends: [] }] });
    expect(errors.map((e) => e.path)).toEqual([['people', 0, 'age'], ['people', 0, 'level']]);
  });

  it('a null where a value is promised nulls the nearest nullable parent, with one error', () => {
    const data: Record<string, unknown> = { people: [{ name: 'a' }, { name: null }] };
    const { errors } = completeValues(schema, parse('{ people { name } }'), data);
    expect(data).toEqual({ people: null });
    expect(errors).toHaveLength(1);
    expect(errors[0]!.path).toEqual(['people', 1, 'name']);
    expect(errors[0]!.extensions['code']).toBe('SUBGRAPH_UNAVAILABLE');
  });

  it('aliases and fragments are followed; a null the subgraph already explained is not reported again, and a root promise broken nulls the answer', () => {
    const data: Record<string, unknown> = { p: [{ n: 7 }] };
    expect(completeValues(schema, parse('{ p: people { ...F } } fragment F on Person { n: name }'), data)).toEqual({ errors: [], dataIsNull: false });
    expect(data).toEqual({ p: [{ n: '7' }] });
    expect(completeValues(schema, parse('{ b: boss { name } }'), { b: null }, [{ path: ['b'] }])).toEqual({ errors: [], dataIsNull: true });
  });
});
