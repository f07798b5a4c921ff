import type { SubgraphName } from '../../../common/subgraph-catalog';
import type { Sources } from '../sources';
import { HeadcountTally } from './headcount-tally';
import type { HeadcountArgs, HeadcountReconciliation } from './headcount-types';
import { tallyInBulk } from './read-in-bulk';
import { tallyStreamed } from './read-streamed';

const READS: readonly SubgraphName[] = ['staffing', 'finance', 'activity', 'civil-affairs'];

/**
 * 编制核查 of the caller's scope, a body or a region. A whole scope served by regional nodes is streamed
 * and merged by person key; anything else is read in bulk (a few calls), as a single system answers fast.
 */
export async function reconcileHeadcount(sources: Sources, args: HeadcountArgs): Promise<HeadcountReconciliation> {
  const tally = new HeadcountTally();
  const overNodes = READS.some((system) => sources.targetsOf(system).some((t) => t.regionCode !== null));
  if (overNodes && args.orgUscc === null && args.regionCode === null) await tallyStreamed(sources, args, tally);
  else await tallyInBulk(sources, args, tally);
  return tally.result(args.range);
}
