import type { SubgraphDatabase } from '../../../common/database/database';
import type { RegionalNode } from '../../../common/regional-nodes/regional-node';
import { RegionalNodeRecord } from '../../database/entities/regional-node-record';
import type { NodeEvent, NodeStore } from './node-store';

/** The node registry's durable copy in the gateway database: each node as last changed. */
export class NodeHistory {
  constructor(private readonly db: SubgraphDatabase) {}

  async put(node: RegionalNode): Promise<void> {
    await this.db.dataSource
      .getRepository(RegionalNodeRecord)
      .save({ id: node.id, status: node.status, node: JSON.stringify(node), changedAt: new Date().toISOString() });
    await this.db.persist();
  }

  async all(): Promise<RegionalNode[]> {
    return (await this.db.dataSource.getRepository(RegionalNodeRecord).find({ order: { id: 'ASC' } })).map(
      (r) => JSON.parse(r.node) as RegionalNode,
    );
  }
}

/**
 * A node store whose every change is also written to the gateway database, before it is announced,
 * and which puts the nodes back when the shared store is found empty (Redis restarted without its data):
 * a lost Redis never loses the network's nodes.
 */
export function recordingNodeStore(
  inner: NodeStore,
  history: NodeHistory,
): NodeStore & { restoreIfEmpty(): Promise<number> } {
  return {
    all: () => inner.all(),
    get: (id) => inner.get(id),
    async create(node: RegionalNode, event: NodeEvent) {
      const created = await inner.create(node, event);
      if (created) await history.put(node);
      return created;
    },
    async update(node: RegionalNode, event: NodeEvent) {
      await history.put(node);
      await inner.update(node, event);
    },
    events: (last) => inner.events(last),
    watch: (listener) => inner.watch(listener),
    close: () => inner.close(),
    /** Puts the recorded nodes back into an empty store (every instance may try: each region is claimed once). */
    async restoreIfEmpty() {
      if ((await inner.all()).length) return 0;
      let restored = 0;
      for (const node of await history.all()) {
        const event: NodeEvent = {
          at: new Date().toISOString(),
          actor: 'restore',
          action: 'register',
          node: node.id,
          detail: 'restored from the gateway database',
        };
        if (await inner.create(node, event)) restored++;
        // A retired or rejected node gives up its region at once, as it had.
        if (node.status === 'RETIRED' || node.status === 'REJECTED') await inner.update(node, event);
      }
      return restored;
    },
  };
}
