import { execute, GraphQLError } from 'graphql';
import type { GatewayExecutor, GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import { logger } from '../../common/logger';
import type { Policy } from '../policy/policy-model';
import type { AccessContext } from './access-context';
import { applyPlan } from './apply-plan';
import { rulesOf } from './governed-schema';
import type { Masker } from './masker';
import { planAccess, type AccessPlan } from './plan-access';

/** enforce: withhold and mask; strict: refuse the whole request if anything would be withheld; dry-run: answer fully, log. */
export type AccessMode = 'enforce' | 'strict' | 'dry-run';

export interface GatewayContext {
  access: AccessContext;
}

export interface GovernedExecutorOptions {
  policy: Policy;
  masker: Masker;
  mode: AccessMode;
}

const withheldErrors = (plan: AccessPlan) =>
  plan.withheld.map((w) => new GraphQLError(w.message, { path: [...w.parentKeys, w.key], extensions: { code: w.code, coordinate: w.coordinate } }));

/**
 * Executes every operation under the access policy: decide before fetching (withheld fields are cut
 * from the document, so no subgraph is asked for them), execute over the schema the request was
 * validated against (a reload never changes a request in flight), then null, mask and report.
 */
export function governedExecutor(options: GovernedExecutorOptions): GatewayExecutor {
  return async (request: GatewayGraphQLRequestContext) => {
    const context = request.context as GatewayContext;
    const variables = request.request.variables ?? {};
    const plan = planAccess({
      schema: request.schema,
      rules: rulesOf(request.schema),
      policy: options.policy,
      access: context.access,
      document: request.document,
      operation: request.operation,
      variables,
    });
    if (options.mode === 'strict' && plan.withheld.length) return { errors: withheldErrors(plan) };
    const dryRun = options.mode === 'dry-run';
    if (dryRun && (plan.withheld.length || plan.masked.length)) {
      logger.warn({ user: context.access.principal.user, withheld: plan.withheld.map((w) => w.coordinate), masked: plan.masked.map((m) => m.coordinate) }, 'dry run: answered in full');
    }
    const result = await execute({
      schema: request.schema,
      document: dryRun ? request.document : plan.document,
      operationName: dryRun ? request.operationName : undefined,
      variableValues: variables,
      contextValue: context,
    });
    if (dryRun) return result;
    const errors = applyPlan(result.data as Record<string, unknown> | null | undefined, plan, options.masker);
    return errors.length ? { ...result, errors: [...(result.errors ?? []), ...errors] } : result;
  };
}
