import type express from 'express';

import { ErrorCode } from '../../common/errors';
import { verifyRequest, type SubgraphAccess } from '../../common/gateway-signature';

export interface GatewayGuardOptions {
  /** This subgraph's signing key (derived from the gateway's secret and its name). */
  key: Buffer;
  /** How far a request's timestamp may be from this clock (default 60 s). */
  windowMs?: number;
}

/** The verified access context a guarded request carries into the GraphQL context. */
export const accessOf = (req: express.Request): SubgraphAccess | undefined =>
  (req as { gatewayAccess?: SubgraphAccess }).gatewayAccess;

/**
 * Refuses every /graphql request the gateway did not sign: queries, `_entities` and `_service` alike,
 * so nobody can bypass the gateway's decisions by calling a department's system directly. A signed
 * request is accepted once: its nonce is remembered for the replay window.
 */
export function gatewayGuard(options: GatewayGuardOptions): express.RequestHandler {
  const windowMs = options.windowMs ?? 60_000;
  const seen = new Map<string, number>();
  let nextSweep = Date.now() + windowMs;
  return (req, res, next) => {
    const now = Date.now();
    if (now > nextSweep) {
      for (const [nonce, expires] of seen) if (expires < now) seen.delete(nonce);
      nextSweep = now + windowMs;
    }
    const body = (req as { rawBody?: Buffer }).rawBody?.toString('utf8') ?? '';
    const verified = verifyRequest(
      options.key,
      { method: req.method, path: req.originalUrl.split('?')[0]!, body, header: (name) => req.get(name) },
      windowMs,
      now,
    );
    const reason = !verified.ok ? verified.reason : seen.has(verified.nonce) ? 'replayed request' : null;
    if (reason || !verified.ok) {
      res.status(401).json({
        errors: [
          {
            message: `Refused: this subgraph answers the govgraph gateway only (${reason})`,
            extensions: { code: ErrorCode.UNAUTHENTICATED },
          },
        ],
      });
      return;
    }
    seen.set(verified.nonce, verified.timestamp + 2 * windowMs);
    (req as { gatewayAccess?: SubgraphAccess }).gatewayAccess = verified.access;
    next();
  };
}
