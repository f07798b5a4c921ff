import type { Request, RequestHandler } from 'express';

import { sendError } from '../../../common/error-response';
import { ErrorCode } from '../../../common/errors';
import type { Policy } from '../../policy/policy-model';
import type { Principal } from '../auth/principal';
import type { RateBucket, RateLimiter } from './rate-limiter';

/**
 * Before GraphQL sees a request, after the batch limit: the caller's rate. Each operation of a batch
 * counts. A caller with a valid token draws from its user's bucket and its address's; one without
 * (or with a token that fails) from its address's anonymous bucket, so forged tokens cannot spend a
 * real user's budget. A static admin token's holder (`staticHolder`) draws as a user does, from a
 * bucket of its own: the registry can be run without Keycloak and still not share the anonymous budget.
 */
export function rateLimitGuard(
  limiter: RateLimiter,
  policy: Policy,
  principalOf: (req: Request) => Promise<Principal>,
  staticHolder: (authorization: string | undefined) => string | undefined = () => undefined,
): RequestHandler {
  const { rateLimits } = policy;
  return async (req, res, next) => {
    const operations = Array.isArray(req.body) ? req.body.length : 1;
    const principal = await principalOf(req).catch(() => null);
    const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    const signedIn = principal && !principal.anonymous ? `user:${principal.user}` : undefined;
    const holder = signedIn ? undefined : staticHolder(req.headers.authorization);
    const user = signedIn ?? (holder && `admin-token:${holder}`);
    const buckets: RateBucket[] = user
      ? [
          { key: user, ...rateLimits.user },
          { key: `ip:${address}`, ...rateLimits.ip },
        ]
      : [{ key: `anonymous:${address}`, ...rateLimits.anonymous }];
    const decision = await limiter.take(buckets, operations);
    if (decision.allowed) {
      next();
      return;
    }
    const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
    sendError(
      res,
      429,
      `Too many requests: try again in ${seconds} s.`,
      { code: ErrorCode.RATE_LIMITED, retryAfterSeconds: seconds },
      { 'retry-after': String(seconds) },
    );
  };
}
