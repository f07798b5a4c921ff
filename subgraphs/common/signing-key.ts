import { ConfigError } from '../../common/config';
import { DEV_SIGNING_SECRET, subgraphSigningKey } from '../../common/gateway-signature';

/**
 * This subgraph's key for checking the gateway's signatures: SUBGRAPH_SIGNING_KEY (base64, as
 * `npm run subgraph -- signing-key --name N` prints it), else derived from GATEWAY_SIGNING_SECRET
 * (one machine, the shipped subgraphs), else the development secret, which production refuses.
 */
export function loadSubgraphSigningKey(name: string, env: NodeJS.ProcessEnv = process.env): Buffer {
  const explicit = env['SUBGRAPH_SIGNING_KEY'];
  if (explicit) {
    const key = Buffer.from(explicit, 'base64');
    if (key.length !== 32)
      throw new ConfigError('invalid configuration:\n  SUBGRAPH_SIGNING_KEY: must be 32 bytes, base64');
    return key;
  }
  const secret = env['GATEWAY_SIGNING_SECRET'] || DEV_SIGNING_SECRET;
  if (secret === DEV_SIGNING_SECRET && env['NODE_ENV'] === 'production') {
    throw new ConfigError("invalid configuration:\n  SUBGRAPH_SIGNING_KEY: production needs this subgraph's own key");
  }
  return subgraphSigningKey(secret, name);
}
