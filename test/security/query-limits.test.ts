import { join } from 'node:path';
import { getIntrospectionQuery } from 'graphql';

import { projectRoot } from '../../common/paths';
import { loadPolicy } from '../../gateway/policy/load-policy';
import { caller } from '../support/access';
import { mysqlStorage } from '../support/env';
import { gql } from '../support/graphql';
import { startTestStack, type TestStack } from '../support/stack';

type Answer = Awaited<ReturnType<typeof gql<any>>>;

/** An operation of exactly `depth` levels: orgs → nodes → parent … → name. */
const deep = (depth: number) =>
  `{ orgs(first: 1) { nodes { ${'parent { '.repeat(depth - 3)}name${' }'.repeat(depth - 3)} } } }`;
/** `n` aliased fields under one root field. */
const aliased = (n: number) =>
  `{ orgs(first: 1) { ${Array.from({ length: n }, (_, i) => `a${i}: totalCount`).join(' ')} } }`;
/** `n` root fields (each aliased, so also n aliases). */
const roots = (n: number) =>
  `{ ${Array.from({ length: n }, (_, i) => `r${i}: orgs(first: 1) { totalCount }`).join(' ')} }`;
/**
 * Exactly `n` tokens: `{ findingsByResponsibleUsccs ( usccs : [ … ] ) @ skip ( if : true ) { id } }` is
 * 19, each list item one more (repeating a field instead would trip graphql-js's own guard against
 * overlapping fields). Skipped, so that it costs nothing: only its length is measured.
 */
const tokens = (n: number) =>
  `{ findingsByResponsibleUsccs(usccs: [${'"x" '.repeat(n - 19)}]) @skip(if: true) { id } }`;
/**
 * An operation of exactly `cost` in a few root fields, 10 deep at most: `orgs(first: k) { nodes { parent { … name } } }`
 * with seven parents costs 1 + 8k (the connection, then each node and its parents weigh 1, names 0);
 * the rest is one `orgs(first: r - 1) { nodes { name } }` costing r. Pages stay within the subgraphs' 500.
 */
const costing = (cost: number) => {
  const roots: string[] = [];
  let left = cost;
  while (left > 500) {
    const k = Math.min(499, Math.floor((left - 3) / 8));
    roots.push(`orgs(first: ${k}) { nodes { ${'parent { '.repeat(7)}name${' }'.repeat(7)} } }`);
    left -= 1 + 8 * k;
  }
  roots.push(`orgs(first: ${left - 1}) { nodes { name } }`);
  return `{ ${roots.map((root, i) => `r${i}: ${root}`).join(' ')} }`;
};

function refused(answer: Answer, limit: string, measured: number, max: number) {
  expect(answer.data ?? null).toBeNull();
  expect(answer.errors).toHaveLength(1);
  expect(answer.errors![0]!.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit, measured, max });
}

/** Within the limits: executed (a token-sized list of made-up USCCs may still be refused by the system, not by size). */
function passed(answer: Answer, limit: string) {
  if (limit === 'tokens') {
    expect((answer.errors ?? []).map((e) => e.extensions?.code)).not.toContain('QUERY_TOO_COMPLEX');
    expect((answer.errors ?? []).map((e) => e.extensions?.code)).not.toContain('GRAPHQL_PARSE_FAILED');
    return;
  }
  expect(answer.errors ?? []).toEqual([]);
  expect(answer.data?.orgs ?? answer.data?.r0).toBeTruthy();
}

/**
 * Query limits at their boundaries (N passes, N+1 is refused before anything is fetched), per caller:
 * anonymous, an officer on the defaults, a supervisor whose role raises one; fragments cannot hide size.
 */
describe('security: query limits', () => {
  const policy = loadPolicy(join(projectRoot, 'policies'));
  const anonymous = { ...policy.limits.default, ...policy.limits.anonymous };
  let stack: TestStack;
  let officer: ReturnType<typeof caller>;
  let nobody: ReturnType<typeof caller>;

  beforeAll(async () => {
    stack = await startTestStack(mysqlStorage);
    officer = caller(
      stack.gatewayUrl,
      await stack.realm.mint({ user: 'staffing.province', roles: ['staffing-officer'], region: '320000' }),
    );
    nobody = caller(stack.gatewayUrl, null);
  });
  afterAll(async () => {
    await stack[Symbol.asyncDispose]();
  });

  it.each([
    ['depth', deep, 'anonymous'],
    ['aliases', aliased, 'anonymous'],
    ['rootFields', roots, 'anonymous'],
    ['tokens', tokens, 'anonymous'],
    ['cost', costing, 'anonymous'],
    ['depth', deep, 'officer'],
    ['aliases', aliased, 'officer'],
    ['rootFields', roots, 'officer'],
    ['tokens', tokens, 'officer'],
    ['cost', costing, 'officer'],
  ] as const)('%s: the limit passes, one more is refused with the measured value (%s)', async (limit, build, who) => {
    const max = who === 'anonymous' ? anonymous[limit] : policy.limits.default[limit];
    const as = who === 'anonymous' ? nobody : officer;
    passed(await gql(as, build(max)), limit);
    const before = stack.subgraphs.staffing.requests.count + stack.subgraphs.audit.requests.count;
    refused(await gql(as, build(max + 1)), limit, max + 1, max);
    expect(stack.subgraphs.staffing.requests.count + stack.subgraphs.audit.requests.count).toBe(before);
  });

  it('a role that raises a limit gets it; the others keep the default', async () => {
    const supervisorAliases = policy.roles.get('supervisor')!.limits!.aliases!;
    expect(supervisorAliases).toBeGreaterThan(policy.limits.default.aliases);
    passed(await gql(stack.supervisor, aliased(supervisorAliases)), 'aliases');
    refused(
      await gql(stack.supervisor, aliased(supervisorAliases + 1)),
      'aliases',
      supervisorAliases + 1,
      supervisorAliases,
    );
    refused(
      await gql(officer, aliased(supervisorAliases)),
      'aliases',
      supervisorAliases,
      policy.limits.default.aliases,
    );
  });

  it('aliases inside fragments count every time the fragment is spread; a fragment bomb is measured, not expanded', async () => {
    const fragment = `fragment F on OrgConnection { x: totalCount y: totalCount }`;
    const spreads = Math.floor(policy.limits.default.aliases / 2) + 1;
    const query = `{ orgs(first: 1) { ${Array.from({ length: spreads }, () => '...F').join(' ')} } } ${fragment}`;
    refused(await gql(officer, query), 'aliases', spreads * 2, policy.limits.default.aliases);

    // F20 spreads F19 twice, … F0 has two aliases: 2^21 aliased fields once expanded.
    const bomb = Array.from({ length: 21 }, (_, i) =>
      i === 0
        ? 'fragment F0 on OrgConnection { x: totalCount y: totalCount }'
        : `fragment F${i} on OrgConnection { ...F${i - 1} ...F${i - 1} }`,
    );
    refused(
      await gql(officer, `{ orgs(first: 1) { ...F20 } } ${bomb.join(' ')}`),
      'aliases',
      2 ** 21,
      policy.limits.default.aliases,
    );
  });

  it('cost: the slicing argument sizes a connection, from a literal or a variable; list arguments multiply; @cost weighs', async () => {
    const { defaultListSize } = policy.cost;
    const limit = anonymous.cost;
    // first: $n → the connection (1) holds n nodes, each an Org (1) with an Org parent (1).
    const byVariable = 'query Q($n: Int) { orgs(first: $n) { nodes { name parent { name } } } }';
    const n = Math.ceil(limit / 2);
    expect((await gql(nobody, byVariable, { n: n - 1 })).errors ?? []).toEqual([]);
    refused(await gql(nobody, byVariable, { n }), 'cost', 1 + 2 * n, limit);

    // A list argument counts its items; each item is a list of findings of the default assumed size.
    const usccs = Math.floor(limit / defaultListSize) + 1;
    const byList = `query Q($u: [ID!]!) { findingsByResponsibleUsccs(usccs: $u) { id } }`;
    refused(
      await gql(nobody, byList, { u: Array.from({ length: usccs }, (_, i) => `x${i}`) }),
      'cost',
      usccs * defaultListSize,
      limit,
    );

    // headcountReconciliation weighs 100 (@cost in schema/supervision.graphql), its bodies page 1 + first (__typename 0).
    const check = (first: number) =>
      `{ headcountReconciliation(fromMonth: "2024-01") { bodies(first: ${first}) { nodes { __typename } } } }`;
    const first = limit - 101;
    const atLimit = await gql(nobody, check(first));
    expect(atLimit.errors?.map((e) => e.extensions?.code)).not.toContain('QUERY_TOO_COMPLEX');
    refused(await gql(nobody, check(first + 1)), 'cost', limit + 1, limit);
  });

  it('cost: a role that raises it gets it; a field left out by @skip or @include costs nothing', async () => {
    const auditorCost = policy.roles.get('auditor')!.limits!.cost!;
    const max = policy.limits.default.cost;
    expect(auditorCost).toBeGreaterThan(max);
    const auditor = caller(
      stack.gatewayUrl,
      await stack.realm.mint({ user: 'audit.province', roles: ['auditor'], region: '320000' }),
    );
    passed(await gql(auditor, costing(auditorCost)), 'cost');
    refused(await gql(auditor, costing(auditorCost + 1)), 'cost', auditorCost + 1, auditorCost);
    refused(await gql(officer, costing(auditorCost)), 'cost', auditorCost, max);

    // The officer's limit in full, plus a page of 100 that only counts when it runs.
    const optional = `query Q($skip: Boolean!, $include: Boolean!) {
      ${costing(max).slice(1, -1)}
      s: orgs(first: 99) @skip(if: $skip) { nodes { name } }
      i: orgs(first: 99) @include(if: $include) { nodes { name } }
    }`;
    const left = await gql(officer, optional, { skip: true, include: false });
    expect(left.errors ?? []).toEqual([]);
    expect(left.data).not.toHaveProperty('s');
    refused(await gql(officer, optional, { skip: false, include: false }), 'cost', max + 100, max);
    refused(await gql(officer, optional, { skip: true, include: true }), 'cost', max + 100, max);
  });

  it('body size: a body of exactly the limit is read, one byte more gets 413 QUERY_TOO_COMPLEX as JSON; bad JSON a code, never a stack', async () => {
    const max = policy.limits.bodyBytes;
    const post = (body: string) =>
      fetch(stack.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    // A valid operation padded with variables nobody reads, to an exact byte length.
    const padded = (bytes: number) => {
      const start = `{"query":"{ orgs(first: 1) { totalCount } }","variables":{"pad":"`;
      return `${start}${'x'.repeat(bytes - start.length - 3)}"}}`;
    };
    expect(Buffer.byteLength(padded(max))).toBe(max);
    const atLimit = await post(padded(max));
    expect(atLimit.status).toBe(200);
    expect(((await atLimit.json()) as Answer).data?.orgs.totalCount).toEqual(expect.any(Number));

    const over = await post(padded(max + 1));
    expect(over.status).toBe(413);
    expect(over.headers.get('content-type')).toMatch(/^application\/json/);
    const overBody = (await over.json()) as { errors: Array<{ extensions: Record<string, unknown> }> };
    expect(overBody.errors[0]!.extensions).toEqual({
      code: 'QUERY_TOO_COMPLEX',
      limit: 'bodyBytes',
      measured: max + 1,
      max,
    });

    const malformed = await post('{"query": "{ orgs { totalCount } }"');
    expect(malformed.status).toBe(400);
    const text = await malformed.text();
    expect(JSON.parse(text)).toEqual({
      errors: [{ message: expect.any(String), extensions: { code: 'BAD_USER_INPUT' } }],
    });
    expect(text).not.toMatch(/at \w+ \(|node_modules/);
  });

  it('introspection (as GraphiQL sends it) passes anonymously; a document over every token limit is not even parsed', async () => {
    const introspection = await gql(nobody, getIntrospectionQuery());
    expect(introspection.errors ?? []).toEqual([]);
    expect(introspection.data!.__schema.queryType.name).toBe('Query');

    const response = await fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: tokens(20_000) }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
    expect(body.errors[0]!.extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(body.errors[0]!.message).toMatch(/Document contains more th[ae][nt] \d+ tokens/);
  });
});
