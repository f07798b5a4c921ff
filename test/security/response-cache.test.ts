import { createHash } from 'node:crypto';
import { join } from 'node:path';

import { projectRoot } from '../../common/paths';
import type { RunningGateway } from '../../gateway/create-gateway';
import { loadPolicy } from '../../gateway/policy/load-policy';
import { RedisKeyValueCache } from '../../gateway/request/cache/redis-key-value-cache';
import { caller } from '../support/access';
import { gql } from '../support/graphql';
import { dropPrefix, TEST_REDIS_URL, testPrefix } from '../support/redis';
import { staffingGateways, type StaffingGateways } from '../support/staffing-gateways';

const PEOPLE = '{ people(first: 30) { nodes { personKey name org { regionCode } } } }';
const ORGS = '{ orgs(first: 5) { nodes { uscc name } } }';

/**
 * The response cache, shared by two instances over Redis, with people cached too (the shipped policy
 * caches reference data only): a hit serves only the same access context, every hit is logged, a
 * stated purpose reads fresh. Fresh answers come from a gateway with the cache off.
 */
describe('security: access-aware response cache', () => {
  const prefix = testPrefix();
  const policy = loadPolicy(join(projectRoot, 'policies'));
  policy.cache = {
    ...policy.cache,
    enabled: true,
    ttlSeconds: { ...policy.cache.ttlSeconds, Person: 60, PersonConnection: 60 },
  };
  const uncachedPolicy = loadPolicy(join(projectRoot, 'policies'));
  uncachedPolicy.cache = { ...uncachedPolicy.cache, enabled: false };
  let stack: StaffingGateways;
  let a: RunningGateway;
  let b: RunningGateway;
  let fresh: RunningGateway;

  beforeAll(async () => {
    stack = await staffingGateways();
    const cached = async () =>
      stack.start({ responseStore: await RedisKeyValueCache.connect(TEST_REDIS_URL, `${prefix}response:`) }, policy);
    [a, b, fresh] = await Promise.all([cached(), cached(), stack.start({}, uncachedPolicy)]);
  });
  afterAll(async () => {
    await stack?.[Symbol.asyncDispose]();
    await dropPrefix(prefix);
  });

  const as = async (gateway: RunningGateway, user: string, roles: string[], region: string, purpose?: string) =>
    caller(gateway.url, await stack.realm.mint({ user, roles, region }), purpose);
  /** Runs a query and says how many requests reached the staffing subgraph for it. */
  const counted = async (target: Awaited<ReturnType<typeof as>>, query: string) => {
    const before = stack.staffing.requests.count;
    const answer = await gql(target, query);
    return { answer, calls: stack.staffing.requests.count - before };
  };

  it('the same access context is answered from the cache on either instance, as a fresh read would answer', async () => {
    const first = await counted(await as(a, 'cache.officer1', ['staffing-officer'], '320200'), PEOPLE);
    expect(first.answer.errors).toBeUndefined();
    expect(first.calls).toBe(1);
    // Another officer with the same roles and scope, on the other instance: the cached answer.
    const second = await counted(await as(b, 'cache.officer2', ['staffing-officer'], '320200'), PEOPLE);
    expect(second.calls).toBe(0);
    expect(second.answer).toEqual(first.answer);
    expect(await gql(await as(fresh, 'cache.officer3', ['staffing-officer'], '320200'), PEOPLE)).toEqual(first.answer);
  });

  it('another clearance or region scope never gets that answer: each is fetched and cut for its own context', async () => {
    const officer = (await gql(await as(a, 'cache.officer1', ['staffing-officer'], '320200'), PEOPLE)).data!.people
      .nodes as Array<{ personKey: string; name: string; org: { regionCode: string } }>;
    expect(officer.length).toBeGreaterThan(0);
    // INTERNAL clearance: the same people, names masked.
    const partner = await counted(await as(a, 'cache.partner', ['partner-dept'], '320200'), PEOPLE);
    expect(partner.calls).toBe(1);
    const masked = partner.answer.data!.people.nodes as typeof officer;
    expect(masked.map((p) => p.personKey)).toEqual(officer.map((p) => p.personKey));
    masked.forEach((p, i) =>
      expect(p.name).toBe(`${[...officer[i]!.name][0]}${'*'.repeat([...officer[i]!.name].length - 1)}`),
    );
    expect(partner.answer).toEqual(await gql(await as(fresh, 'cache.partner2', ['partner-dept'], '320200'), PEOPLE));

    // Another region: other people, all of them in that region.
    const elsewhere = await counted(await as(b, 'cache.officer4', ['staffing-officer'], '320100'), PEOPLE);
    expect(elsewhere.calls).toBe(1);
    const there = elsewhere.answer.data!.people.nodes as typeof officer;
    expect(there.length).toBeGreaterThan(0);
    for (const p of there) expect(p.org.regionCode.startsWith('3201')).toBe(true);
    for (const p of officer) expect(p.org.regionCode.startsWith('3202')).toBe(true);
    expect(elsewhere.answer).toEqual(
      await gql(await as(fresh, 'cache.officer5', ['staffing-officer'], '320100'), PEOPLE),
    );

    // Anonymous callers share among themselves only: INTERNAL fields are withheld for them.
    const anonymous = await counted(
      caller(a.url, null),
      '{ orgs(first: 5) { nodes { uscc staff(first: 1) { totalCount } } } }',
    );
    expect(anonymous.answer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN_FIELD');
    const again = await counted(
      caller(b.url, null),
      '{ orgs(first: 5) { nodes { uscc staff(first: 1) { totalCount } } } }',
    );
    expect(again.calls).toBe(0);
    expect(again.answer).toEqual(anonymous.answer);
    const signedIn = await counted(
      await as(b, 'cache.officer1', ['staffing-officer'], '320200'),
      '{ orgs(first: 5) { nodes { uscc staff(first: 1) { totalCount } } } }',
    );
    expect(signedIn.calls).toBeGreaterThan(0);
    expect(signedIn.answer.errors).toBeUndefined();
  });

  it('every cache hit is written to the access log, as the fresh read was', async () => {
    const officer = await as(a, 'cache.logged', ['staffing-officer'], '320200');
    const reader = caller(
      a.url.replace(/\/graphql$/, '/governance/graphql'),
      await stack.realm.mint({ user: 'cache.reader', roles: ['audit-log-reader'], region: '320000' }),
    );
    const records = async () =>
      (
        await gql(
          reader,
          '{ accessLog(filter: { user: "cache.logged" }) { operationHash reads { coordinate decision } } }',
        )
      ).data!.accessLog as unknown[];
    expect(await records()).toHaveLength(0);
    const first = await counted(officer, PEOPLE);
    const second = await counted(officer, PEOPLE);
    expect(first.calls + second.calls).toBeLessThanOrEqual(1); // the first test may have cached it already
    const logged = await records();
    expect(logged).toHaveLength(2);
    expect(logged[1]).toEqual(logged[0]);
    expect(JSON.stringify(logged[0])).toContain('Person.name');
    expect((logged[0] as { operationHash: string }).operationHash).toBe(
      createHash('sha256').update(PEOPLE).digest('hex'),
    );
  });

  it('a request stating a purpose is answered fresh, each time; reference data is cached by the shipped policy, people are not', async () => {
    const withCase = await as(a, 'cache.inspector', ['staffing-officer'], '320200', 'BB-2026-0001; headcount check');
    expect((await counted(withCase, ORGS)).calls).toBe(1);
    expect((await counted(withCase, ORGS)).calls).toBe(1);

    const shipped = loadPolicy(join(projectRoot, 'policies'));
    expect(shipped.cache.enabled).toBe(true);
    expect(shipped.cache.ttlSeconds['Org']).toBeGreaterThan(0);
    expect(shipped.cache.ttlSeconds['Person']).toBeUndefined();
  });
});
