import { join } from 'node:path';

import { projectRoot } from '../../common/paths';
import { createGateway, type RunningGateway } from '../../gateway/create-gateway';
import { loadPolicy } from '../../gateway/policy/load-policy';
import { DEFAULT_CALL_POLICY } from '../../gateway/request/resilience/call-policy';
import { caller, INSPECTION_PURPOSE, testAccess } from '../support/access';
import { mysqlStorage } from '../support/env';
import { gql } from '../support/graphql';
import { startTestStack, type TestStack } from '../support/stack';
import { staffingGateways, type StaffingGateways } from '../support/staffing-gateways';

/** Queries staffing answers alone, each a different shape: masks, withheld fields, aliases, fragments, variables, directives, errors. */
const CASES: Array<[string, string, Record<string, unknown>?]> = [
  [
    'masked and clear fields',
    '{ people(first: 15) { totalCount nodes { personKey name idNumber birthDate org { uscc name } } } }',
  ],
  [
    'aliases and nesting',
    '{ a: orgs(first: 3) { nodes { uscc n: name parent { name } children { name } } } b: regions { code name } }',
  ],
  [
    'named and inline fragments',
    'query F { orgs(first: 4) { nodes { ...OrgBits ... on Org { plan { quotas { type quota } } } } } } fragment OrgBits on Org { uscc name level }',
  ],
  [
    'variables, @skip and @include',
    'query V($n: Int, $skip: Boolean!, $keep: Boolean!) { people(first: $n) { nodes { name @skip(if: $skip) idNumber @include(if: $keep) personKey } } }',
    { n: 7, skip: true, keep: false },
  ],
  [
    'a withheld field whose variable is no longer used',
    'query W($f: StaffFilter) { orgs(first: 2) { nodes { name staff(filter: $f, first: 2) { totalCount } } } }',
    { f: { status: 'ON_ROLL' } },
  ],
  [
    'a bad variable value, even for a withheld field',
    'query W($f: StaffFilter) { orgs(first: 2) { nodes { name staff(filter: $f, first: 2) { totalCount } } } }',
    { f: { status: 'SERVING' } },
  ],
  ['a bad argument', '{ people(first: 100000) { totalCount } }'],
];

type Answer = Awaited<ReturnType<typeof gql>>;
type Located = NonNullable<Answer['errors']>[number] & { locations?: unknown };
const withoutLocations = (answer: Answer) => ({
  ...answer,
  errors: (answer.errors as Located[] | undefined)?.map(({ locations: _drop, ...rest }) => rest),
});

/**
 * A query one subgraph answers alone goes straight to it in one request, and the caller gets exactly
 * what the general path (taken apart and stitched back) gives, for every caller: masks, withheld fields,
 * errors and all.
 */
describe('query plans: one subgraph alone', () => {
  let stack: StaffingGateways;
  let routed: RunningGateway;
  let general: RunningGateway;
  const policy = loadPolicy(join(projectRoot, 'policies'));
  policy.cache = { ...policy.cache, enabled: false };

  beforeAll(async () => {
    stack = await staffingGateways();
    [routed, general] = await Promise.all([stack.start({}, policy), stack.start({ queryPlanner: false }, policy)]);
  });
  afterAll(async () => {
    await stack?.[Symbol.asyncDispose]();
  });

  const callers = [
    ['supervisor with a case', ['supervisor'], '320000', INSPECTION_PURPOSE],
    ['staffing officer', ['staffing-officer'], '320200', undefined],
    ['partner department', ['partner-dept'], '320000', undefined],
    ['anonymous', null, '', undefined],
  ] as const;

  it.each(callers)(
    'answer as the general path does, in one subgraph request (%s)',
    async (_who, roles, region, purpose) => {
      const token = roles ? await stack.realm.mint({ user: `route.${roles[0]}`, roles: [...roles], region }) : null;
      for (const [name, query, variables] of CASES) {
        const before = stack.staffing.requests.count;
        const direct = await gql(caller(routed.url, token, purpose), query, variables);
        const calls = stack.staffing.requests.count - before;
        const stitched = await gql(caller(general.url, token, purpose), query, variables);
        // The general path leaves out where a subgraph's error is in the caller's document; this one says.
        expect([name, withoutLocations(direct)]).toEqual([name, withoutLocations(stitched)]);
        // At most one request (none when nothing is left to fetch: a bad variable, every root field withheld).
        const answered = direct.data && Object.values(direct.data).some((v) => v !== null);
        expect([name, calls]).toEqual([name, answered ? 1 : Math.min(calls, 1)]);
        const first = direct.errors?.[0] as Located | undefined;
        if (name === 'a bad argument' && first?.extensions?.code === 'BAD_USER_INPUT')
          expect(first.locations).toEqual([{ line: 1, column: 3 }]);
      }
    },
  );
});

/** Joins across subgraphs by entity key, each a different shape. */
const JOINS: Array<[string, string, Record<string, unknown>?]> = [
  [
    'people with pay and relief',
    '{ people(first: 12) { nodes { personKey name payrollLines { month gross } reliefMemberships { relation household { regionCode } } } } }',
  ],
  [
    'bodies with budgets and staff pay, aliased',
    '{ orgs(first: 5) { nodes { uscc n: name b: budgets { year amount } staff(first: 3) { nodes { name payrollLines { gross } } } } } }',
  ],
  [
    'work records and who paid them, by variable',
    'query R($n: Int) { workRecords(first: $n) { nodes { date person { name org { name } payrollLines { month } } } } }',
    { n: 8 },
  ],
  [
    'roots from two subgraphs at once',
    '{ orgs(first: 2) { nodes { name } } payments(first: 3) { nodes { voucherNumber amount } } }',
  ],
];

/**
 * Joins: the planner fetches the entities other subgraphs complete by key, one request per subgraph per
 * position, and the caller gets exactly what the general path gives.
 */
describe('query plans: entities joined across subgraphs', () => {
  let stack: TestStack;
  let general: RunningGateway;

  beforeAll(async () => {
    stack = await startTestStack(mysqlStorage);
    general = await createGateway({
      source: { supergraph: stack.graph },
      calls: DEFAULT_CALL_POLICY,
      access: await testAccess(stack.realm),
      host: '127.0.0.1',
      port: 0,
      queryPlanner: false,
    });
  });
  afterAll(async () => {
    await general?.close();
    await stack?.[Symbol.asyncDispose]();
  });

  it.each([
    ['supervisor with a case', ['supervisor'], '320000', INSPECTION_PURPOSE],
    ['auditor', ['auditor'], '320200', undefined],
    ['finance officer', ['finance-officer'], '320000', undefined],
  ] as const)('answer as the general path does (%s)', async (_who, roles, region, purpose) => {
    const token = await stack.realm.mint({ user: `plan.${roles[0]}`, roles: [...roles], region });
    for (const [name, query, variables] of JOINS) {
      const planned = await gql(caller(stack.gatewayUrl, token, purpose), query, variables);
      const stitched = await gql(caller(general.url, token, purpose), query, variables);
      expect([name, withoutLocations(planned)]).toEqual([name, withoutLocations(stitched)]);
      expect([name, planned.data === null || planned.data === undefined]).toEqual([name, false]);
    }
  });
});
