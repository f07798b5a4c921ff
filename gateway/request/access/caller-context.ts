import type { Request } from 'express';
import { GraphQLError } from 'graphql';

import { noteRefusal } from '../../../common/error-response';
import type { Policy } from '../../policy/policy-model';
import type { Principal } from '../auth/principal';
import type { GatewayContext } from '../gateway-context';
import type { RegionGrants } from '../grants/region-grants';
import { PURPOSE_HEADER, readPurpose, scopeOf } from './access-context';

/**
 * The caller's access context, once per HTTP request: the verified principal, the stated purpose, and the
 * region scope (own region, plus the cross-region grants in force for the purpose's case).
 */
export function callerContext(
  principalOf: (req: Request) => Promise<Principal>,
  policy: Policy,
  grants: RegionGrants,
): (req: Request) => Promise<GatewayContext> {
  return async (req) => {
    const principal = await principalOf(req).catch((error: unknown) => {
      // Refused before any operation runs (401): counted as the HTTP refusals are.
      if (error instanceof GraphQLError && req.res) noteRefusal(req.res, String(error.extensions['code']));
      throw error;
    });
    const purposeHeader = req.headers[PURPOSE_HEADER];
    const purpose = readPurpose(Array.isArray(purposeHeader) ? purposeHeader[0] : purposeHeader, principal, policy);
    const applicable = principal.anonymous
      ? []
      : await grants.applicable(principal.user, purpose.purpose?.caseNumber ?? null);
    return { access: { principal, ...purpose, ...scopeOf(principal, applicable) } };
  };
}
