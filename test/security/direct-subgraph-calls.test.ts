import { DEV_SIGNING_SECRET, encodeAccess, signRequest, subgraphSigningKey } from '../../common/gateway-signature';
import type { StartedSubgraph } from '../../subgraphs/common/run-subgraph';
import { asGateway } from '../support/as-gateway';
import { mysqlStorage } from '../support/env';
import { gql } from '../support/graphql';
import { startSubgraphs } from '../support/stack';

const ACCESS = encodeAccess({
  user: 'mallory',
  roles: ['supervisor'],
  clearance: 'RESTRICTED',
  regions: ['320000'],
  purpose: null,
});
const ENTITIES = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Person { name idNumber } } }`;

/**
 * Subgraphs answer the gateway only: without a valid signature (its key, this body, this access context,
 * a fresh timestamp, a nonce never seen) a direct call gets 401, whatever it asks for.
 */
describe('security: direct calls to subgraphs', () => {
  let subgraphs: Record<string, StartedSubgraph>;
  let staffing: string;

  beforeAll(async () => {
    subgraphs = await startSubgraphs(mysqlStorage, ['staffing', 'audit']);
    staffing = subgraphs['staffing']!.url;
  });
  afterAll(async () => {
    await Promise.all(Object.values(subgraphs).map((s) => s.close()));
  });

  const post = async (url: string, body: string, headers: Record<string, string> = {}) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    return {
      status: response.status,
      body: (await response.json()) as {
        data?: unknown;
        errors?: Array<{ message: string; extensions?: { code?: string } }>;
      },
    };
  };
  const expectRefused = (answer: Awaited<ReturnType<typeof post>>, reason: RegExp) => {
    expect(answer.status).toBe(401);
    expect(answer.body.data).toBeUndefined();
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(answer.body.errors?.[0]?.message).toMatch(reason);
  };
  const body = (query: string, variables?: unknown) => JSON.stringify({ query, variables });
  const signed = (key: Buffer, payload: string, at = Date.now()) =>
    signRequest(key, { method: 'POST', path: '/graphql', access: ACCESS, body: payload }, at);
  const staffingKey = subgraphSigningKey(DEV_SIGNING_SECRET, 'staffing');

  it('unsigned queries, _entities and _service are refused', async () => {
    for (const payload of [
      body('{ people(first: 1) { nodes { idNumber } } }'),
      body(ENTITIES, { r: [{ __typename: 'Person', personKey: 'x' }] }),
      body('{ _service { sdl } }'),
    ]) {
      expectRefused(await post(staffing, payload), /not signed/);
    }
    expectRefused(
      await post(subgraphs['audit']!.url, body('{ findings(first: 1) { nodes { amount } } }')),
      /not signed/,
    );
    const get = await fetch(`${staffing}?query=${encodeURIComponent('{ _service { sdl } }')}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(get.status).toBe(401);
  });

  it('a signature made with another key (a guessed secret, or another subgraph’s key) is refused', async () => {
    const payload = body('{ people(first: 1) { nodes { idNumber } } }');
    expectRefused(
      await post(staffing, payload, signed(subgraphSigningKey('a-guessed-secret-0123456789', 'staffing'), payload)),
      /bad signature/,
    );
    // A partner department verifying its own calls holds its own key: it cannot sign for staffing.
    expectRefused(
      await post(staffing, payload, signed(subgraphSigningKey(DEV_SIGNING_SECRET, 'partner-housing'), payload)),
      /bad signature/,
    );
  });

  it('a validly signed request is answered once: a replay, a changed body or access context, a stale timestamp are refused', async () => {
    const payload = body('{ people(first: 1) { totalCount } }');
    const headers = signed(staffingKey, payload);
    const first = await post(staffing, payload, headers);
    expect(first.status).toBe(200);
    expect(first.body.errors).toBeUndefined();
    expectRefused(await post(staffing, payload, headers), /replayed/);
    const fresh = signed(staffingKey, payload);
    expectRefused(await post(staffing, body('{ people(first: 500) { nodes { idNumber } } }'), fresh), /bad signature/);
    const elevated = {
      ...signed(staffingKey, payload),
      'x-govgraph-access': encodeAccess({
        user: 'mallory',
        roles: ['supervisor'],
        clearance: 'RESTRICTED',
        regions: ['110000'],
        purpose: null,
      }),
    };
    expectRefused(await post(staffing, payload, elevated), /bad signature/);
    expectRefused(
      await post(staffing, payload, signed(staffingKey, payload, Date.now() - 5 * 60_000)),
      /replay window/,
    );
  });

  it('the gateway’s own signed calls are answered (as the test helper signs them)', async () => {
    const answer = await gql(asGateway('staffing', staffing), '{ _service { sdl } }');
    expect(answer.errors).toBeUndefined();
    expect((answer.data as any)._service.sdl).toMatch(/type Person/);
  });
});
