import { HOLDS_REGION, type RegionalNode } from '../../../common/regional-nodes/regional-node';
import type { NodeEvent, NodeStore } from './node-store';

/** The node registry of one gateway process (embedded default, tests sharing one process). */
export class MemoryNodeStore implements NodeStore {
  private readonly nodes = new Map<string, RegionalNode>();
  /** `system region` → the node holding it. */
  private readonly claims = new Map<string, string>();
  private readonly log: NodeEvent[] = [];
  private readonly listeners: Array<(node: RegionalNode | null) => void> = [];

  async all(): Promise<RegionalNode[]> {
    return [...this.nodes.values()].map((n) => ({ ...n }));
  }

  async get(id: string): Promise<RegionalNode | undefined> {
    const node = this.nodes.get(id);
    return node && { ...node };
  }

  async create(node: RegionalNode, event: NodeEvent): Promise<boolean> {
    const claim = `${node.system} ${node.regionCode}`;
    if (this.claims.has(claim)) return false;
    this.claims.set(claim, node.id);
    this.save(node, event);
    return true;
  }

  async update(node: RegionalNode, event: NodeEvent): Promise<void> {
    const claim = `${node.system} ${node.regionCode}`;
    if (!HOLDS_REGION.has(node.status) && this.claims.get(claim) === node.id) this.claims.delete(claim);
    this.save(node, event);
  }

  async events(last: number): Promise<NodeEvent[]> {
    return this.log.slice(-last);
  }

  async watch(listener: (node: RegionalNode | null) => void): Promise<void> {
    this.listeners.push(listener);
  }

  async close(): Promise<void> {
    this.listeners.length = 0;
  }

  private save(node: RegionalNode, event: NodeEvent): void {
    this.nodes.set(node.id, { ...node });
    this.log.push(event);
    for (const listener of this.listeners) listener({ ...node });
  }
}
