import type { BaseSubgraphContext } from '../common/context';
import type { Sources } from '../supervision/sources';
import type { BatchStore } from './pre-payment/batch-store';

export interface Context extends BaseSubgraphContext {
  store: BatchStore;
  /** The systems as this caller sees them. */
  sources: Sources;
}
