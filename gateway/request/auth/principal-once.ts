import type { Request } from 'express';

import type { Authenticator } from './authenticate';
import type { Principal } from './principal';

/** The caller, verified once per HTTP request however many stages ask (rate limits, then the context). */
export function principalOnce(authenticator: Authenticator): (req: Request) => Promise<Principal> {
  const principals = new WeakMap<Request, Promise<Principal>>();
  return (req) => {
    let principal = principals.get(req);
    if (!principal) principals.set(req, (principal = authenticator.principal(req.headers.authorization)));
    return principal;
  };
}
