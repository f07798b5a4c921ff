import { loadAccessConfig } from '../../gateway/config/access-config';
import { loadGatewayConfig } from '../../gateway/config/gateway-config';
import { DEFAULT_CALL_POLICY, timeoutOf } from '../../gateway/request/resilience/call-policy';

describe('gateway settings: per-subgraph call budgets', () => {
  it('SUBGRAPH_TIMEOUTS_MS adds to and overrides the defaults, by subgraph name', () => {
    const config = loadGatewayConfig({
      SUBGRAPH_TIMEOUT_MS: '4000',
      SUBGRAPH_TIMEOUTS_MS: 'partner-x=8000, supervision = 90000',
    });
    const policy = { ...DEFAULT_CALL_POLICY, ...config.calls };
    expect(timeoutOf(policy, 'supervision')).toBe(90_000);
    expect(timeoutOf(policy, 'partner-x')).toBe(8000);
    expect(timeoutOf(policy, 'staffing')).toBe(4000);
  });

  it('the supervision subgraph keeps its longer default budget', () => {
    const policy = { ...DEFAULT_CALL_POLICY, ...loadGatewayConfig({}).calls };
    expect(timeoutOf(policy, 'supervision')).toBe(DEFAULT_CALL_POLICY.timeoutByName['supervision']);
    expect(timeoutOf(policy, 'finance')).toBe(DEFAULT_CALL_POLICY.timeoutMs);
  });

  it.each([['supervision=soon'], ['supervision'], ['Bad Name=1000'], ['supervision=1']])(
    'refuses %s with a message naming the setting',
    (value) => {
      expect(() => loadGatewayConfig({ SUBGRAPH_TIMEOUTS_MS: value })).toThrow(/SUBGRAPH_/);
    },
  );
});

describe('access settings in production', () => {
  const production = {
    NODE_ENV: 'production',
    KEYCLOAK_URL: 'https://sso.example.gov.cn',
    PSEUDONYM_SECRET: 'p'.repeat(40),
    GATEWAY_SIGNING_SECRET: 's'.repeat(40),
    ACCESS_LOG_DATABASE_URL: 'mysql://log_writer:pw@db.example/govgraph_gateway',
    ACCESS_LOG_CHECKPOINT_SECRET: 'c'.repeat(40),
  };

  it('accepts a production configuration with its own secrets and a real realm', () => {
    const config = loadAccessConfig(production);
    expect(config.production).toBe(true);
    expect(config.devRealm.enabled).toBe(false);
  });

  it.each([
    ['the dev realm', { AUTH_DEV_REALM: 'true' }, /AUTH_DEV_REALM.*never on in production/],
    ['dry-run', { ACCESS_MODE: 'dry-run' }, /ACCESS_MODE.*dry-run/],
    ['the dev pseudonym secret', { PSEUDONYM_SECRET: undefined }, /PSEUDONYM_SECRET.*own secret/],
    ['the dev signing secret', { GATEWAY_SIGNING_SECRET: undefined }, /GATEWAY_SIGNING_SECRET.*own secret/],
    ['the dev log writer', { ACCESS_LOG_DATABASE_URL: undefined }, /ACCESS_LOG_DATABASE_URL/],
    ['the dev checkpoint key', { ACCESS_LOG_CHECKPOINT_SECRET: undefined }, /ACCESS_LOG_CHECKPOINT_SECRET/],
  ])('refuses %s, naming the setting', (_, change, message) => {
    expect(() => loadAccessConfig({ ...production, ...change })).toThrow(message);
  });
});
