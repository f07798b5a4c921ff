import type { RequestHandler } from 'express';

import { sendError } from '../../../common/error-response';
import { ErrorCode } from '../../../common/errors';
import type { Policy } from '../../policy/policy-model';

/** Before anything else reads a batched request: too many operations in one body is refused whole. */
export function batchLimit(policy: Policy): RequestHandler {
  const max = policy.limits.batchOperations;
  return (req, res, next) => {
    const operations = Array.isArray(req.body) ? req.body.length : 1;
    if (operations <= max) {
      next();
      return;
    }
    sendError(res, 400, `Too many operations in one request: ${operations}, the limit is ${max}.`, {
      code: ErrorCode.QUERY_TOO_COMPLEX,
      limit: 'batchOperations',
      measured: operations,
      max,
    });
  };
}
