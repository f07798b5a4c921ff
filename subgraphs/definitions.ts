import type { SubgraphName } from '../common/subgraph-catalog';
import type { SubgraphDefinition } from './common/definition';
import { staffingSubgraph } from './staffing/subgraph';
import { financeSubgraph } from './finance/subgraph';
import { civilAffairsSubgraph } from './civil-affairs/subgraph';
import { auditSubgraph } from './audit/subgraph';
import { activitySubgraph } from './activity/subgraph';

/** The five departmental systems by name. */
export const SUBGRAPH_DEFINITIONS: Record<SubgraphName, SubgraphDefinition> = {
  staffing: staffingSubgraph,
  finance: financeSubgraph,
  'civil-affairs': civilAffairsSubgraph,
  audit: auditSubgraph,
  activity: activitySubgraph,
};
