import type { Policy } from '../../policy/policy-model';
import { planAccess } from '../access/plan-access';
import type { GatewayMetrics } from '../telemetry/gateway-metrics';
import type { OperationStage } from './operation-stage';

/** Decides every field before anything is fetched: withheld fields are cut, so no subgraph is asked for them. */
export const decideAccess =
  (policy: Policy, metrics: GatewayMetrics | undefined): OperationStage =>
  async (op, next) => {
    op.plan = planAccess({
      schema: op.request.schema,
      rules: op.graph.rules,
      policy,
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
