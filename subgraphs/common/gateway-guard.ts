import type express from 'express';

import { ErrorCode } from '../../common/errors';
import { verifyRequest, type SubgraphAccess } from '../../common/gateway-signature';
import { memoryNonceStore, type NonceStore } from './nonce-store';
import type { PreviousSigningKey } from './signing-key';

export interface GatewayGuardOptions {
  /** This subgraph's signing key (derived from the gateway's secret and its name). */
  key: Buffer;
  /** How far a request's timestamp may be from this clock (default 60 s). */
  windowMs?: number;
  /** Nonces already accepted, shared by the system's replicas (default: this process's memory). */
  nonces?: NonceStore;
  /** While the gateway's signing secret rotates: the previous key, accepted until its time. */
  previousKey?: PreviousSigningKey;
}

/** The verified access context a guarded request carries into the GraphQL context. */
export const accessOf = (req: express.Request): SubgraphAccess | undefined =>
  (req as { gatewayAccess?: SubgraphAccess }).gatewayAccess;

/** A signed call as the guard sees it: over HTTP (the POST body) or over WebSocket (the subscription). */
export interface SignedCall {
  method: string;
  path: string;
  body: string;
  header(name: string): string | undefined;
}

/**
 * Checks a call the gateway signed, once: the signature (or the previous key's, while it rotates), the
 * replay window, and the nonce, claimed only once its signature holds so a forger cannot use up the
 * gateway's nonces. The access context, or why the call is refused.
 */
export function signedCallCheck(
  options: GatewayGuardOptions,
): (call: SignedCall) => Promise<{ access: SubgraphAccess } | { refused: string }> {
  const windowMs = options.windowMs ?? 60_000;
  const nonces = options.nonces ?? memoryNonceStore();
  return async (call) => {
    const now = Date.now();
    let verified = verifyRequest(options.key, call, windowMs, now);
    const previous = options.previousKey;
    if (!verified.ok && verified.reason === 'bad signature' && previous && now < previous.until)
      verified = verifyRequest(previous.key, call, windowMs, now);
    if (!verified.ok) return { refused: verified.reason };
    if (!(await nonces.claim(verified.nonce, verified.timestamp + 2 * windowMs)))
      return { refused: 'replayed request' };
    return { access: verified.access };
  };
}

/**
 * Refuses every /graphql request the gateway did not sign: queries, `_entities` and `_service` alike,
 * so nobody can bypass the gateway's decisions by calling a department's system directly. A signed
 * request is accepted once: its nonce is remembered (by every replica, with a shared store) for the
 * replay window.
 */
export function gatewayGuard(options: GatewayGuardOptions): express.RequestHandler {
  const check = signedCallCheck(options);
  return async (req, res, next) => {
    const checked = await check({
      method: req.method,
      path: req.originalUrl.split('?')[0]!,
      body: (req as { rawBody?: Buffer }).rawBody?.toString('utf8') ?? '',
      header: (name: string) => req.get(name),
    });
    if ('refused' in checked) {
      res.status(401).json({
        errors: [
          {
            message: `Refused: this subgraph answers the govgraph gateway only (${checked.refused})`,
            extensions: { code: ErrorCode.UNAUTHENTICATED },
          },
        ],
      });
      return;
    }
    (req as { gatewayAccess?: SubgraphAccess }).gatewayAccess = checked.access;
    next();
  };
}
