import { ConfigError } from '../../common/config';
import { subgraphSigningKey } from '../../common/gateway-signature';
import { runSubgraph, type StartedSubgraph } from '../../subgraphs/common/run-subgraph';
import { loadPreviousSigningKey } from '../../subgraphs/common/signing-key';
import { SUBGRAPH_DEFINITIONS } from '../../subgraphs/definitions';
import { mysqlStorage } from '../support/env';
import { sendCall, signedCall } from '../support/signed-calls';
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
  const until = Date.now() + 3000;

  beforeAll(async () => {
    const env = { GATEWAY_SIGNING_SECRET_PREVIOUS: OLD_SECRET, SIGNING_PREVIOUS_UNTIL: new Date(until).toISOString() };
    staffing = await runSubgraph(SUBGRAPH_DEFINITIONS.staffing, {
      storage: mysqlStorage,
      port: 0,
      signingKey: subgraphSigningKey(NEW_SECRET, 'staffing'),
      previousKey: loadPreviousSigningKey('staffing', env)!,
    });
  });
  afterAll(() => staffing.close());

  it('answers both secrets during the window, and only the new one after it', async () => {
    expect(await callSignedWith(staffing.url, NEW_SECRET)).toEqual({ status: 200, message: null });
    expect(await callSignedWith(staffing.url, OLD_SECRET)).toEqual({ status: 200, message: null });
    expect((await callSignedWith(staffing.url, 'a-third-secret-never-configured-0123')).message).toMatch(
      /bad signature/,
    );
    await waitUntil(10_000, () => Date.now() > until);
    const late = await callSignedWith(staffing.url, OLD_SECRET);
    expect(late.status).toBe(401);
    expect(late.message).toMatch(/bad signature/);
    expect(await callSignedWith(staffing.url, NEW_SECRET)).toEqual({ status: 200, message: null });
  });

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
