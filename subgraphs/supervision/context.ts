import type { BaseSubgraphContext } from '../common/context';
import type { SupervisionChecks } from './supervision-checks';

export interface Context extends BaseSubgraphContext {
  checks: SupervisionChecks;
}
