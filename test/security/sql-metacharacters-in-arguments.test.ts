import { join } from 'node:path';
import {
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLInputField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';

import { projectRoot } from '../../common/paths';
import type { SubgraphName } from '../../common/subgraph-catalog';
import { loadPolicy } from '../../gateway/policy/load-policy';
import type { StartedSubgraph } from '../../subgraphs/common/run-subgraph';
import { caller } from '../support/access';
import { asGateway } from '../support/as-gateway';
import { mysqlStorage, testDb } from '../support/env';
import { gql } from '../support/graphql';
import { SqlOracle } from '../support/mysql';
import { startSubgraphs, startTestStack, type TestStack } from '../support/stack';

/**
 * SQL metacharacters in every free-text string argument are data, never SQL: the answer is what a
 * literal match gives (usually nothing), the tables are intact, and no error leaks SQL.
 */
const PAYLOADS = [
  "' OR '1'='1",
  '%',
  '_',
  '\\',
  "'; DROP TABLE person; --",
  '" OR ""="',
  "局%' UNION SELECT id_number FROM person -- ",
];

const FREE_TEXT: Array<[SubgraphName, string]> = [
  ['staffing', 'query ($v: String) { orgs(filter: { nameContains: $v }) { totalCount nodes { name } } }'],
  ['staffing', 'query ($v: String) { people(filter: { nameContains: $v }) { totalCount nodes { name } } }'],
  ['staffing', 'query ($v: String) { powerItems(filter: { nameContains: $v }) { totalCount } }'],
  ['audit', 'query ($v: String) { findings(filter: { category: $v }) { totalCount } }'],
  ['activity', 'query ($v: ID) { workRecords(filter: { categoryCode: $v }) { totalCount } }'],
  ['activity', 'query ($v: String) { activityCategories(parentCode: $v) { code } }'],
  ['staffing', 'query ($v: String) { regions(parentCode: $v) { code } }'],
];

describe('SQL metacharacters in string arguments', () => {
  const sql = new SqlOracle();
  let subgraphs: Record<SubgraphName, StartedSubgraph>;
  beforeAll(async () => {
    subgraphs = await startSubgraphs(mysqlStorage, ['staffing', 'audit', 'activity']);
  });
  afterAll(async () => {
    await Promise.all(Object.values(subgraphs).map((s) => s.close()));
    await sql[Symbol.asyncDispose]();
  });

  it.each(FREE_TEXT.flatMap(([subgraph, query]) => PAYLOADS.map((payload) => [subgraph, query, payload] as const)))(
    '%s %s with %s',
    async (subgraph, query, payload) => {
      const result = await gql(asGateway(subgraph, subgraphs[subgraph].url), query, { v: payload });
      expect(result.errors ?? []).toEqual([]);
      const data = JSON.stringify(result.data);
      // A literal match on these strings finds nothing in the generated data.
      expect(data).not.toMatch(/"totalCount":[1-9]/);
      expect(data).not.toMatch(/\d{17}[\dX]/);
    },
  );

  it('leaves every table intact', async () => {
    expect(await sql.value(`SELECT COUNT(*) FROM ${testDb('staffing')}.person`)).toBeGreaterThan(0);
    expect(await sql.value(`SELECT COUNT(*) FROM ${testDb('audit')}.finding`)).toBeGreaterThan(0);
  });
});

/** Every string or ID argument of every root field (and of the input objects they take), each as `$v`, with the other required arguments filled. */
function stringArgumentQueries(schema: GraphQLSchema): string[] {
  const queries: string[] = [];
  const filler = (type: GraphQLInputType, asV: boolean): string | null => {
    const named = getNamedType(type);
    const value =
      isScalarType(named) && (named.name === 'String' || named.name === 'ID')
        ? asV
          ? '$v'
          : '"x"'
        : isScalarType(named) && named.name === 'Int'
          ? '1'
          : isScalarType(named) && named.name === 'Date'
            ? '"2026-06-30"'
            : isEnumType(named)
              ? named.getValues()[0]!.name
              : isInputObjectType(named) && !asV
                ? // a required input object (workload's filter): its own required fields filled
                  `{ ${Object.values(named.getFields())
                    .filter((f) => isNonNullType(f.type))
                    .map((f) => `${f.name}: ${filler(f.type, false)}`)
                    .join(', ')} }`
                : null;
    if (value === null) return null;
    return isListType(isNonNullType(type) ? type.ofType : type) ? `[${value}]` : value;
  };
  for (const field of Object.values(schema.getQueryType()!.getFields())) {
    if (field.name.startsWith('_')) continue;
    const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
    const required = (args: readonly GraphQLArgument[] | readonly GraphQLInputField[], except: string) =>
      args.filter((a) => isNonNullType(a.type) && a.name !== except).map((a) => `${a.name}: ${filler(a.type, false)}`);
    for (const arg of field.args) {
      const named = getNamedType(arg.type);
      if (isInputObjectType(named)) {
        for (const inner of Object.values(named.getFields())) {
          const v = filler(inner.type, true);
          if (v?.includes('$v'))
            queries.push(
              `query ($v: ${getNamedType(inner.type).name}!) { ${field.name}(${[...required(field.args, arg.name), `${arg.name}: { ${[...required(Object.values(named.getFields()), inner.name), `${inner.name}: ${v}`].join(', ')} }`].join(', ')})${selection} }`,
            );
        }
        continue;
      }
      const v = filler(arg.type, true);
      if (v?.includes('$v'))
        queries.push(
          `query ($v: ${named.name}!) { ${field.name}(${[...required(field.args, arg.name), `${arg.name}: ${v}`].join(', ')})${selection} }`,
        );
    }
  }
  return queries;
}

/** Through the gateway, as a province-wide supervisor stating a case: every string argument of the whole graph, and the purpose header. */
describe('SQL metacharacters through the gateway, in every string argument of the graph', () => {
  const sql = new SqlOracle();
  let stack: TestStack;
  let queries: string[];
  const ALLOWED_CODES = new Set(['BAD_USER_INPUT', 'FORBIDDEN_FIELD', 'PURPOSE_REQUIRED', 'OUT_OF_SCOPE']);

  beforeAll(async () => {
    // Hundreds of requests from one user in a minute: the sweep is about SQL, not the rate limiter.
    const policy = loadPolicy(join(projectRoot, 'policies'));
    policy.rateLimits = { ...policy.rateLimits, user: { requests: 100_000, perSeconds: 60 } };
    stack = await startTestStack(mysqlStorage, { accessPolicy: policy });
    const introspection = await gql(stack.supervisor, getIntrospectionQuery());
    queries = stringArgumentQueries(buildClientSchema(introspection.data as never));
  });
  afterAll(async () => {
    await stack[Symbol.asyncDispose]();
    await sql[Symbol.asyncDispose]();
  });

  it('covers the graph: every root field taking a string argument is tried', () => {
    expect(queries.length).toBeGreaterThan(25);
    for (const root of [
      'orgs',
      'people',
      'person',
      'payments',
      'beneficiaries',
      'findings',
      'workRecords',
      'findingsByResponsibleUsccs',
    ]) {
      expect(queries.some((q) => q.includes(`{ ${root}(`))).toBe(true);
    }
  });

  it('each payload in each argument is data: answered or refused with a code, never SQL, nothing leaked', async () => {
    const unexpected: string[] = [];
    for (const query of queries) {
      for (const payload of PAYLOADS) {
        const result = await gql(stack.supervisor, query, { v: payload });
        for (const error of result.errors ?? []) {
          const code = String(error.extensions?.code);
          if (!ALLOWED_CODES.has(code) || /SQL|syntax|ER_|SELECT|sqlite/i.test(error.message))
            unexpected.push(`${query} with ${payload}: ${code} ${error.message}`);
        }
        if (/"totalCount":[1-9]/.test(JSON.stringify(result.data ?? null)))
          unexpected.push(`${query} with ${payload}: matched rows`);
      }
    }
    expect(unexpected).toEqual([]);
  }, 300_000);

  it('a purpose header full of SQL is logged as text and changes nothing', async () => {
    const header = `JC-2026-0001; ${encodeURIComponent("x'); DELETE FROM access_log; --")}`;
    const result = await gql(
      caller(stack.gatewayUrl, (stack.supervisor.headers['authorization'] ?? '').replace('Bearer ', ''), header),
      '{ people(first: 1) { nodes { idNumber } } }',
    );
    expect(result.errors).toBeUndefined();
    expect(await sql.value(`SELECT COUNT(*) FROM ${testDb('staffing')}.person`)).toBeGreaterThan(0);
  });

  it('leaves every table intact', async () => {
    for (const [db, table] of [
      ['staffing', 'person'],
      ['finance', 'payment'],
      ['civil_affairs', 'beneficiary'],
      ['audit', 'finding'],
      ['activity', 'work_record'],
    ] as const) {
      expect(await sql.value(`SELECT COUNT(*) FROM ${testDb(db)}.${table}`)).toBeGreaterThan(0);
    }
  });
});
