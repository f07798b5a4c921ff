import { GraphQLError } from 'graphql';

import { ErrorCode } from '../../../common/errors';
import type { Policy, QueryLimits } from '../../policy/policy-model';
import type { Principal } from '../auth/principal';
import type { OperationSize } from './measure-operation';

export type LimitName = keyof QueryLimits;

/**
 * The limits that apply to a caller: the anonymous ones without a token; otherwise the defaults,
 * each raised or lowered by the caller's roles (with several roles, the most generous value wins).
 */
export function limitsFor(policy: Policy, principal: Principal): QueryLimits {
  const { limits } = policy;
  if (principal.anonymous) return { ...limits.default, ...limits.anonymous };
  const out = { ...limits.default };
  const set = new Set<LimitName>();
  for (const role of principal.roles) {
    for (const [name, value] of Object.entries(policy.roles.get(role)?.limits ?? {}) as Array<[LimitName, number]>) {
      out[name] = set.has(name) ? Math.max(out[name], value) : value;
      set.add(name);
    }
  }
  return out;
}

/** The first limit the operation goes over, as the error the client gets (400, measured value and limit). */
export function overLimit(
  size: OperationSize & { tokens: number; cost: number },
  limits: QueryLimits,
): GraphQLError | null {
  for (const name of Object.keys(limits) as LimitName[]) {
    const measured = size[name];
    if (measured > limits[name]) {
      return new GraphQLError(`Query too complex: ${name} is ${measured}, the limit for you is ${limits[name]}.`, {
        extensions: {
          code: ErrorCode.QUERY_TOO_COMPLEX,
          limit: name,
          measured,
          max: limits[name],
          http: { status: 400 },
        },
      });
    }
  }
  return null;
}
