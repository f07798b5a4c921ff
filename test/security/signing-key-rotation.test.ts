import { ConfigError } from '../../common/config';
import { ErrorCode } from '../../common/errors';
import { subgraphSigningKey } from '../../common/gateway-signature';
import { composeGraph } from '../../gateway/control/composition/compose-graph';
import { createGateway, type RunningGateway } from '../../gateway/create-gateway';
import { DEFAULT_CALL_POLICY } from '../../gateway/request/resilience/call-policy';
import { runSubgraph, type StartedSubgraph } from '../../subgraphs/common/run-subgraph';
import { loadPreviousSigningKey } from '../../subgraphs/common/signing-key';
import { SUBGRAPH_DEFINITIONS } from '../../subgraphs/definitions';
import { startTestRealm, testAccess, type TestRealm } from '../support/access';
import { mysqlStorage } from '../support/env';
import { gql } from '../support/graphql';
import { sendCall, signedCall } from '../support/signed-calls';
import { shippedSpecs } from '../support/stack';
import { waitUntil } from '../support/wait';

/** A call as a gateway holding `secret` signs it. */
const callSignedWith = (url: string, secret: string) => sendCall(url, signedCall(secret));

const OLD_SECRET = 'old-gateway-signing-secret-0123456789';
const NEW_SECRET = 'new-gateway-signing-secret-0123456789';

/**
 * Rotating the gateway's signing secret without downtime: subgraphs take the new secret and keep the
 * old one until a set time (GATEWAY_SIGNING_SECRET_PREVIOUS, SIGNING_PREVIOUS_UNTIL), so gateways still
 * on the old secret and those already on the new one are both answered; after that time only the new.
 */
describe('security: signing secret rotation with an overlap window', () => {
  let staffing: StartedSubgraph;
  let realm: TestRealm;
  /** A gateway not yet rotated (old secret) and one already rotated (new secret), over the same subgraph. */
  const gateways: Record<'old' | 'new', RunningGateway> = {} as never;
  let until = 0;

  beforeAll(async () => {
    until = Date.now() + 8000;
    const env = { GATEWAY_SIGNING_SECRET_PREVIOUS: OLD_SECRET, SIGNING_PREVIOUS_UNTIL: new Date(until).toISOString() };
    staffing = await runSubgraph(SUBGRAPH_DEFINITIONS.staffing, {
      storage: mysqlStorage,
      port: 0,
      signingKey: subgraphSigningKey(NEW_SECRET, 'staffing'),
      previousKey: loadPreviousSigningKey('staffing', env)!,
    });
    realm = await startTestRealm();
    const graph = composeGraph(await shippedSpecs({ staffing }, NEW_SECRET));
    for (const [which, signingSecret] of [
      ['old', OLD_SECRET],
      ['new', NEW_SECRET],
    ] as const)
      gateways[which] = await createGateway({
        source: { supergraph: graph },
        calls: DEFAULT_CALL_POLICY,
        access: await testAccess(realm, { signingSecret }),
        host: '127.0.0.1',
        port: 0,
      });
  }, 30_000);
  afterAll(async () => {
    for (const gateway of Object.values(gateways)) await gateway.close();
    await Promise.all([staffing?.close(), realm?.close()]);
  });

  /** What a caller of each gateway gets: the data, or the code of the error the subgraph's refusal became. */
  const throughBoth = async (query: string) => {
    const answers = await Promise.all(Object.values(gateways).map((g) => gql(g.url, query)));
    return answers.map((a) => (a.errors?.length ? String(a.errors[0]!.extensions?.code) : 'answered'));
  };

  it('answers both secrets during the window, and only the new one after it: called directly, and through a gateway on each', async () => {
    expect(await callSignedWith(staffing.url, NEW_SECRET)).toEqual({ status: 200, message: null });
    expect(await callSignedWith(staffing.url, OLD_SECRET)).toEqual({ status: 200, message: null });
    expect((await callSignedWith(staffing.url, 'a-third-secret-never-configured-0123')).message).toMatch(
      /bad signature/,
    );
    expect(await throughBoth('{ regions { code } }')).toEqual(['answered', 'answered']);
    await waitUntil(15_000, () => Date.now() > until);
    const late = await callSignedWith(staffing.url, OLD_SECRET);
    expect(late.status).toBe(401);
    expect(late.message).toMatch(/bad signature/);
    expect(await callSignedWith(staffing.url, NEW_SECRET)).toEqual({ status: 200, message: null });
    // The gateway left on the old secret now fails its staffing fields; the rotated one does not.
    // (another query than before: the answer to that one is in each gateway's response cache)
    // Not UNAUTHENTICATED: the caller's token is fine, the gateway's signature is what is refused.
    expect(await throughBoth('{ regions { name } }')).toEqual([ErrorCode.SUBGRAPH_UNAVAILABLE, 'answered']);
  }, 30_000);

  it('a previous secret without its end time is a configuration error, not an open-ended key', () => {
    expect(() => loadPreviousSigningKey('staffing', { GATEWAY_SIGNING_SECRET_PREVIOUS: OLD_SECRET })).toThrow(
      ConfigError,
    );
    expect(() =>
      loadPreviousSigningKey('staffing', {
        GATEWAY_SIGNING_SECRET_PREVIOUS: OLD_SECRET,
        SIGNING_PREVIOUS_UNTIL: 'soon',
      }),
    ).toThrow(/SIGNING_PREVIOUS_UNTIL/);
    expect(loadPreviousSigningKey('staffing', {})).toBeUndefined();
    const explicit = loadPreviousSigningKey('staffing', {
      SUBGRAPH_SIGNING_KEY_PREVIOUS: subgraphSigningKey(OLD_SECRET, 'staffing').toString('base64'),
      SIGNING_PREVIOUS_UNTIL: '2027-01-01T00:00:00Z',
    });
    expect(explicit?.key.equals(subgraphSigningKey(OLD_SECRET, 'staffing'))).toBe(true);
    expect(explicit?.until).toBe(Date.parse('2027-01-01T00:00:00Z'));
  });
});
