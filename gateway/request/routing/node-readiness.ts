import type { NodeTable } from '../../../common/regional-nodes/node-table';
import type { BreakerState } from '../resilience/breakers';

/**
 * What /readyz says of the subgraph endpoints: each system's own endpoint by its breaker, and the
 * regional nodes summed per system (active, with an open breaker, the regions of those open, at most
 * 20 shown), so that 14,000 nodes do not make 14,000 lines.
 */
export function endpointReadiness(table: NodeTable, states: Record<string, BreakerState>) {
  const nodeUrls = new Set<string>();
  const nodes: Record<string, { active: number; open: number; halfOpen: number; openRegions: string[] }> = {};
  for (const system of table.systems()) {
    const entry = { active: 0, open: 0, halfOpen: 0, openRegions: [] as string[] };
    for (const node of table.nodesOf(system)) {
      nodeUrls.add(node.url);
      entry.active++;
      const state = states[node.url];
      if (state === 'open') {
        entry.open++;
        if (entry.openRegions.length < 20) entry.openRegions.push(node.regionCode);
      } else if (state === 'half-open') entry.halfOpen++;
    }
    nodes[system] = entry;
  }
  const subgraphs = Object.fromEntries(Object.entries(states).filter(([url]) => !nodeUrls.has(url)));
  return table.size ? { subgraphs, nodes } : { subgraphs };
}
