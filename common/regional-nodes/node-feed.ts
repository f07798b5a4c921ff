import { logger } from '../logger';
import { NodeTable } from './node-table';
import type { RegionalNode } from './regional-node';

/** What a reader of the node registry needs: every node now, and each change as it happens. */
export interface NodeFeed {
  all(): Promise<RegionalNode[]>;
  /** Calls `listener` with each node as any gateway changes it, and with null when all must be read again. */
  watch(listener: (node: RegionalNode | null) => void): Promise<void>;
}

/**
 * A node table kept current from a feed, for a reader that routes but never registers (the
 * supervision subgraph): each change applied as announced, everything read again after a reconnect.
 */
export async function followNodes(feed: NodeFeed, purpose: string): Promise<NodeTable> {
  const table = new NodeTable();
  const reread = () =>
    void feed.all().then(
      (all) => table.replace(all),
      (error: Error) => logger.error({ err: error.message }, `${purpose}: regional nodes could not be read`),
    );
  await feed.watch((node) => (node ? table.apply(node) : reread()));
  table.replace(await feed.all());
  return table;
}
