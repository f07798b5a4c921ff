import { buildSchema, parse, type OperationDefinitionNode } from 'graphql';

import { DEFAULT_COST_SETTINGS } from '../../gateway/policy/policy-model';
import { costModelFrom } from '../../gateway/request/limits/cost-model';
import { operationCost } from '../../gateway/request/limits/operation-cost';

const sdl = `
  directive @cost(weight: Int!) on ARGUMENT_DEFINITION | ENUM | FIELD_DEFINITION | INPUT_FIELD_DEFINITION | OBJECT | SCALAR
  directive @listSize(assumedSize: Int, slicingArguments: [String!], sizedFields: [String!], requireOneSlicingArgument: Boolean = true) on FIELD_DEFINITION
  type Query {
    people(first: Int = 20, last: Int): PersonConnection @listSize(slicingArguments: ["first", "last"], sizedFields: ["nodes"])
    byIds(ids: [ID!]!): [Person] @listSize(slicingArguments: ["ids"])
    tags: [String!]!
    top: [Person!]! @listSize(assumedSize: 3)
    grid: [[Person!]!]!
    search(text: String @cost(weight: 7)): [Result!]! @listSize(assumedSize: 2)
    report: Report @cost(weight: 50)
  }
  type Mutation { rename(id: ID!, name: String!): Person }
  type PersonConnection { nodes: [Person!]! total: Int! }
  type Person { id: ID! name: String friend: Person payslip: Payslip }
  type Payslip @cost(weight: 4) { amount: Int }
  type Report { rows: Int }
  type Org { name: String staff: [Person!]! @listSize(assumedSize: 5) }
  union Result = Person | Org
`;
const schema = buildSchema(sdl);

function cost(
  query: string,
  variables: Record<string, unknown> = {},
  settings = DEFAULT_COST_SETTINGS,
  sdls = [sdl],
): number {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')!;
  return operationCost(schema, costModelFrom(sdls, settings), document, operation, variables);
}

describe('operation cost (@cost / @listSize semantics)', () => {
  const { defaultListSize, mutationWeight } = DEFAULT_COST_SETTINGS;

  it('objects weigh 1, scalars 0; a connection page multiplies its sized field', () => {
    expect(cost('{ people(first: 5) { total nodes { name friend { id } } } }')).toBe(1 + 5 * (1 + 1));
    expect(cost('{ people { nodes { id } } }')).toBe(1 + 20); // the argument's default
    expect(cost('query Q($n: Int) { people(first: $n) { nodes { id } } }', { n: 40 })).toBe(41);
    expect(cost('{ people(first: 5, last: 9) { nodes { id } } }')).toBe(10); // the largest slicing argument
  });

  it('a list argument counts its items; lists without @listSize take the assumed or default size', () => {
    expect(cost('{ byIds(ids: ["a", "b", "c"]) { id } }')).toBe(3);
    expect(cost('query Q($ids: [ID!]!) { byIds(ids: $ids) { id } }', { ids: ['a', 'b'] })).toBe(2);
    expect(cost('{ top { id } }')).toBe(3);
    expect(cost('{ tags }')).toBe(0);
    expect(cost('{ grid { id } }')).toBe(defaultListSize * defaultListSize);
  });

  it('@cost on a field, an argument and a type replaces the default weight', () => {
    expect(cost('{ report { rows } }')).toBe(50);
    expect(cost('{ people(first: 2) { nodes { payslip { amount } } } }')).toBe(1 + 2 * (1 + 4));
    expect(cost('{ search(text: "x") { __typename } }')).toBe(2 * (1 + 7));
  });

  it('a union costs its dearest alternative, not the sum; root mutations weigh mutationWeight', () => {
    const query = '{ search { ... on Person { friend { id } } ... on Org { staff { friend { id } } } } }';
    expect(cost(query)).toBe(2 * (1 + Math.max(1, 5 * 2)));
    expect(
      cost('mutation { a: rename(id: "1", name: "x") { id } b: rename(id: "2", name: "y") { friend { id } } }'),
    ).toBe(mutationWeight + mutationWeight + 1);
  });

  it('policy states @listSize and @cost for fields whose SDL cannot; the SDL wins where both say', () => {
    const settings = {
      ...DEFAULT_COST_SETTINGS,
      listSizes: { 'Query.tags': { assumedSize: 4 }, 'Query.top': { assumedSize: 99 } },
      weights: { 'Person.name': 2 },
    };
    expect(cost('{ top { name } }', {}, settings)).toBe(3 * (1 + 2));
  });

  it('fragments spread many times are weighed, not expanded', () => {
    const fragments = Array.from({ length: 40 }, (_, i) =>
      i === 0 ? 'fragment F0 on Person { friend { id } }' : `fragment F${i} on Person { ...F${i - 1} ...F${i - 1} }`,
    );
    expect(cost(`{ top { ...F39 } } ${fragments.join(' ')}`)).toBe(3 * (1 + 2 ** 39));
  });
});
