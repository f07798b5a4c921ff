import type { SubgraphName } from '../common/subgraph-catalog';
import { activitySubgraph } from './activity/subgraph';
import { auditSubgraph } from './audit/subgraph';
import { civilAffairsSubgraph } from './civil-affairs/subgraph';
import type { SubgraphDefinition } from './common/definition';
import { financeSubgraph } from './finance/subgraph';
import { staffingSubgraph } from './staffing/subgraph';

/** The five departmental systems by name. */
export const SUBGRAPH_DEFINITIONS: Record<SubgraphName, SubgraphDefinition> = {
  staffing: staffingSubgraph,
  finance: financeSubgraph,
  'civil-affairs': civilAffairsSubgraph,
  audit: auditSubgraph,
  activity: activitySubgraph,
};
