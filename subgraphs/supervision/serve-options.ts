import { ConfigError } from '../../common/config';
import { DEV_SIGNING_SECRET } from '../../common/gateway-signature';
import { loadSubgraphAddresses, shippedSubgraphSources } from '../../common/subgraph-addresses';
import { SUBGRAPH_NAMES } from '../../common/subgraph-catalog';
import type { SourceEndpoints } from './sources';

/**
 * The supervision subgraph's settings from the environment: the systems' addresses as the gateway
 * reads them (SUBGRAPH_HOST, SUBGRAPH_<NAME>_URL), and the gateway's signing secret, without which it
 * could not pass its callers' access context on. Production refuses the development secret.
 */
export function loadSupervisionSettings(env: NodeJS.ProcessEnv = process.env): {
  sources: SourceEndpoints;
  signingSecret: string;
} {
  const signingSecret = env['GATEWAY_SIGNING_SECRET'] || DEV_SIGNING_SECRET;
  if (signingSecret === DEV_SIGNING_SECRET && env['NODE_ENV'] === 'production') {
    throw new ConfigError('invalid configuration:\n  GATEWAY_SIGNING_SECRET: production needs its own secret');
  }
  const urls = new Map(shippedSubgraphSources(loadSubgraphAddresses(env)).map((s) => [s.name, s.url]));
  return {
    sources: Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, urls.get(name)!])) as SourceEndpoints,
    signingSecret,
  };
}
