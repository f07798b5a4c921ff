import { regionCovers } from '../identifiers/region-code';
import type { RegionalNode } from './regional-node';

/** The nodes of one system that are serving, by region code, in code order (the order answers merge in). */
class SystemNodes {
  readonly byRegion = new Map<string, RegionalNode>();
  ordered: RegionalNode[] = [];

  reorder(): void {
    this.ordered = [...this.byRegion.values()].sort((a, b) => (a.regionCode < b.regionCode ? -1 : 1));
  }
}

/** The codes above a region, nearest first: 320505 → 320500, 320000. */
function ancestors(code: string): string[] {
  const out: string[] = [];
  if (!code.endsWith('00')) out.push(`${code.slice(0, 4)}00`);
  if (!code.endsWith('0000')) out.push(`${code.slice(0, 2)}0000`);
  return out;
}

/**
 * Every gateway instance's copy of the active regional nodes, kept current from the node registry
 * (Redis pub/sub): routing reads it on every subgraph call, without composing anything.
 *
 * A node covers its region and every region below it that no node of its own covers: a county
 * without its own system is served by its city's node. So the nodes a region scope needs are those
 * inside it, and, unless a node covers exactly that region, the nearest node above it (which holds
 * the rows of the region's parts that have no node).
 */
export class NodeTable {
  private readonly bySystem = new Map<string, SystemNodes>();
  private count = 0;

  /** Applies a node as it is now: active nodes are routed to, any other status is dropped. */
  apply(node: RegionalNode): void {
    let nodes = this.bySystem.get(node.system);
    const had = nodes?.byRegion.get(node.regionCode);
    if (node.status === 'ACTIVE') {
      if (!nodes) this.bySystem.set(node.system, (nodes = new SystemNodes()));
      nodes.byRegion.set(node.regionCode, node);
      if (!had) this.count++;
    } else if (had?.id === node.id) {
      nodes!.byRegion.delete(node.regionCode);
      this.count--;
    } else return;
    nodes!.reorder();
  }

  /** Replaces the whole table (at start, and after the registry's store reconnects). */
  replace(all: readonly RegionalNode[]): void {
    this.bySystem.clear();
    this.count = 0;
    for (const node of all) if (node.status === 'ACTIVE') this.apply(node);
  }

  /** Whether a system is served by regional nodes (else by its one registered endpoint). */
  hasNodes(system: string): boolean {
    return (this.bySystem.get(system)?.ordered.length ?? 0) > 0;
  }

  get size(): number {
    return this.count;
  }

  /** The systems that have active nodes. */
  systems(): string[] {
    return [...this.bySystem].filter(([, nodes]) => nodes.ordered.length).map(([system]) => system);
  }

  /** Every active node of a system, in region order. */
  nodesOf(system: string): readonly RegionalNode[] {
    return this.bySystem.get(system)?.ordered ?? [];
  }

  /**
   * The nodes of a system that hold rows of these regions, in region order; every node when the
   * regions are empty (a caller without a region scope reads only what is public, from all of them).
   */
  route(system: string, regions: readonly string[]): RegionalNode[] {
    const nodes = this.bySystem.get(system);
    if (!nodes) return [];
    if (!regions.length) return nodes.ordered;
    const chosen = new Set<RegionalNode>();
    for (const region of regions) {
      for (const node of nodes.ordered) if (regionCovers(region, node.regionCode)) chosen.add(node);
      if (nodes.byRegion.has(region)) continue;
      const above = ancestors(region)
        .map((code) => nodes.byRegion.get(code))
        .find(Boolean);
      if (above) chosen.add(above);
    }
    return nodes.ordered.filter((node) => chosen.has(node));
  }

  /**
   * The nodes for a caller's scope narrowed to `regions` (narrowScope): when a filter outside the scope
   * narrowed it to nothing, one node of the scope, which answers with no rows (rather than every node).
   */
  routeWithin(system: string, scope: readonly string[], regions: readonly string[]): RegionalNode[] {
    return regions.length || !scope.length ? this.route(system, regions) : this.route(system, scope).slice(0, 1);
  }
}
