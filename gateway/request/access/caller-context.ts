import type { Request } from 'express';
import { GraphQLError } from 'graphql';

import { noteRefusal } from '../../../common/error-response';
import type { Policy } from '../../policy/policy-model';
import type { Principal } from '../auth/principal';
import type { GatewayContext } from '../gateway-context';
import type { RegionGrants } from '../grants/region-grants';
import type { SharingAgreements } from '../sharing/sharing-agreements';
import { PURPOSE_HEADER, readPurpose, scopeOf } from './access-context';

/**
 * The caller's access context, once per HTTP request: the verified principal, the stated purpose, and the
 * region scope (own region, plus the cross-region grants in force for the purpose's case), and the sharing
 * agreements its department reads under for the purpose's kind.
 */
export function callerContext(
  principalOf: (req: Request) => Promise<Principal>,
  policy: Policy,
  grants: RegionGrants,
  agreements: SharingAgreements,
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
    const scope = scopeOf(principal, applicable);
    const openedBy = principal.anonymous
      ? []
      : await agreements.applicable(principal, purpose.purpose?.kind ?? null, scope.regions);
    return { access: { principal, ...purpose, ...scope, agreements: openedBy } };
  };
}
