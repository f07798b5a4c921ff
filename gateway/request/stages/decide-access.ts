import type { Policy } from '../../policy/policy-model';
import { AccessPlans } from '../access/access-plans';
import type { GatewayMetrics } from '../telemetry/gateway-metrics';
import type { OperationStage } from './operation-stage';

/**
 * Decides every field before anything is fetched: withheld fields are cut, so no subgraph is asked for them.
 * Plans are reused per document and access class (access-plans.ts).
 */
export const decideAccess = (policy: Policy, metrics: GatewayMetrics | undefined): OperationStage => {
  const plans = new AccessPlans(policy);
  return async (op, next) => {
    op.plan = plans.planFor({
      schema: op.request.schema,
      rules: op.graph.rules,
      access: op.context.access,
      document: op.request.document,
      operation: op.operation,
      variables: op.variables,
    });
    for (const w of op.plan.withheld) metrics?.decisions.inc({ coordinate: w.coordinate, decision: 'denied' });
    for (const m of op.plan.masked) metrics?.decisions.inc({ coordinate: m.coordinate, decision: 'masked' });
    op.document = op.plan.document;
    return next();
  };
};
