import { loadGatewayConfig } from '../../gateway/config';
import { DEFAULT_CALL_POLICY, timeoutOf } from '../../gateway/resilience/call-policy';

describe('gateway settings: per-subgraph call budgets', () => {
  it('SUBGRAPH_TIMEOUTS_MS adds to and overrides the defaults, by subgraph name', () => {
    const config = loadGatewayConfig({ SUBGRAPH_TIMEOUT_MS: '4000', SUBGRAPH_TIMEOUTS_MS: 'partner-x=8000, supervision = 90000' });
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

  it.each([['supervision=soon'], ['supervision'], ['Bad Name=1000'], ['supervision=1']])('refuses %s with a message naming the setting', (value) => {
    expect(() => loadGatewayConfig({ SUBGRAPH_TIMEOUTS_MS: value })).toThrow(/SUBGRAPH_/);
  });
});
