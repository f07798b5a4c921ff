import type { Policy } from '../../policy/policy-model';
import type { Principal } from '../auth/principal';
import type { AgreementInForce } from '../sharing/sharing-agreements';

export const PURPOSE_HEADER = 'x-govgraph-purpose';

/** A stated purpose: a case number of a kind the caller's roles allow, and a short text. */
export interface Purpose {
  caseNumber: string;
  kind: string;
  text: string;
}

/** The purpose as stated in the header, for subgraphs and the access log. */
export const statedPurpose = (purpose: Purpose | null): string | null =>
  purpose ? `${purpose.caseNumber}; ${purpose.text}` : null;

/** Everything an access decision depends on, fixed for one request. */
export interface AccessContext {
  principal: Principal;
  purpose: Purpose | null;
  /** Why the purpose header, if any, was not accepted (shown in PURPOSE_REQUIRED errors). */
  purposeProblem: string | null;
  /** Regions whose person and transactional rows this request may read: the region claim, plus grants for the stated case. */
  regions: string[];
  /** Ids of the cross-region grants that widened `regions`. */
  grants: number[];
  /** Sharing agreements in force for this department, role, purpose kind and region scope. */
  agreements: readonly AgreementInForce[];
}

/** The request's region scope: the caller's own region and every grant in force for the case it states. */
export function scopeOf(
  principal: Principal,
  grants: ReadonlyArray<{ id: number; regionCode: string }>,
): Pick<AccessContext, 'regions' | 'grants'> {
  const regions = new Set(principal.region ? [principal.region] : []);
  for (const grant of grants) regions.add(grant.regionCode);
  return { regions: [...regions].sort(), grants: grants.map((g) => g.id).sort((a, b) => a - b) };
}

/**
 * Reads `x-govgraph-purpose: <case number>; <text>`. Non-ASCII text may be percent-encoded (HTTP
 * headers are Latin-1). The case number must be of a kind one of the caller's roles may state.
 */
export function readPurpose(
  header: string | undefined,
  principal: Principal,
  policy: Policy,
): Pick<AccessContext, 'purpose' | 'purposeProblem'> {
  if (header === undefined || header.trim() === '') return { purpose: null, purposeProblem: null };
  let decoded = header;
  try {
    if (/%[0-9A-Fa-f]{2}/.test(header)) decoded = decodeURIComponent(header);
  } catch {
    return { purpose: null, purposeProblem: `${PURPOSE_HEADER} is not valid percent-encoding` };
  }
  const separator = decoded.indexOf(';');
  const caseNumber = (separator < 0 ? decoded : decoded.slice(0, separator)).trim();
  const text = separator < 0 ? '' : decoded.slice(separator + 1).trim();
  if (!caseNumber || !text)
    return { purpose: null, purposeProblem: `${PURPOSE_HEADER} must be "<case number>; <text>"` };
  if (text.length > 500)
    return { purpose: null, purposeProblem: `${PURPOSE_HEADER} text is longer than 500 characters` };
  for (const kindName of principal.purposeKinds) {
    const kind = policy.purposes.get(kindName);
    if (kind?.caseNumber.test(caseNumber))
      return { purpose: { caseNumber, kind: kindName, text }, purposeProblem: null };
  }
  return {
    purpose: null,
    purposeProblem: `case number ${caseNumber} is not of a kind your roles may state (${[...principal.purposeKinds].join(', ') || 'none'})`,
  };
}
