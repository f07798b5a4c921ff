import { ConfigError } from '../../common/config';
import { DEV_SIGNING_SECRET, subgraphSigningKey } from '../../common/gateway-signature';

/**
 * This subgraph's key for checking the gateway's signatures: SUBGRAPH_SIGNING_KEY (base64, as
 * `npm run nodes -- signing-key --id N` prints it), else derived from GATEWAY_SIGNING_SECRET
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

/** A key that stays accepted beside the current one until a set time (rotating the signing secret). */
export interface PreviousSigningKey {
  key: Buffer;
  /** Epoch ms after which it is refused. */
  until: number;
}

/**
 * The key accepted beside the current one while the gateway's signing secret rotates:
 * SUBGRAPH_SIGNING_KEY_PREVIOUS (base64) or one derived from GATEWAY_SIGNING_SECRET_PREVIOUS, until
 * SIGNING_PREVIOUS_UNTIL (an ISO date and time, required with either). Undefined when not rotating.
 */
export function loadPreviousSigningKey(
  name: string,
  env: NodeJS.ProcessEnv = process.env,
): PreviousSigningKey | undefined {
  const explicit = env['SUBGRAPH_SIGNING_KEY_PREVIOUS'];
  const secret = env['GATEWAY_SIGNING_SECRET_PREVIOUS'];
  if (!explicit && !secret) return undefined;
  const until = Date.parse(env['SIGNING_PREVIOUS_UNTIL'] ?? '');
  if (!Number.isFinite(until))
    throw new ConfigError(
      'invalid configuration:\n  SIGNING_PREVIOUS_UNTIL: an ISO date and time, until when the previous signing key is accepted',
    );
  const key = explicit ? Buffer.from(explicit, 'base64') : subgraphSigningKey(secret!, name);
  if (key.length !== 32)
    throw new ConfigError('invalid configuration:\n  SUBGRAPH_SIGNING_KEY_PREVIOUS: must be 32 bytes, base64');
  return { key, until };
}
