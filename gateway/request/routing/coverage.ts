import type { RegionalNode } from '../../../common/regional-nodes/regional-node';

/** What one system's nodes did for a request: asked, answered, and the regions of those that did not. */
interface SystemCoverage {
  asked: Set<string>;
  answered: Set<string>;
  missing: Set<string>;
}

/**
 * The coverage of an answer read from regional nodes, so nobody takes a partial count for a whole
 * one: per system, how many nodes were asked and answered, and which regions are missing. Kept on the
 * request's context by the routed executors; the coverage stage puts it in the response's extensions.
 */
export class Coverage {
  private readonly systems = new Map<string, SystemCoverage>();

  private of(system: string): SystemCoverage {
    let entry = this.systems.get(system);
    if (!entry) this.systems.set(system, (entry = { asked: new Set(), answered: new Set(), missing: new Set() }));
    return entry;
  }

  asked(node: RegionalNode, answered: boolean): void {
    const entry = this.of(node.system);
    entry.asked.add(node.regionCode);
    if (answered) entry.answered.add(node.regionCode);
    else entry.missing.add(node.regionCode);
  }

  /** A system whose nodes were asked for nothing (no node covers the caller's scope) still shows. */
  noneCovering(system: string): void {
    this.of(system);
  }

  get complete(): boolean {
    return [...this.systems.values()].every((s) => s.missing.size === 0);
  }

  report() {
    return {
      complete: this.complete,
      systems: Object.fromEntries(
        [...this.systems].map(([system, s]) => [
          system,
          {
            nodesAsked: s.asked.size,
            nodesAnswered: [...s.answered].filter((r) => !s.missing.has(r)).length,
            missingRegions: [...s.missing].sort(),
          },
        ]),
      ),
    };
  }
}

/** The coverage of the request a context belongs to, made on first use. */
export function coverageOf(context: unknown): Coverage | undefined {
  if (!context || typeof context !== 'object') return undefined;
  const holder = context as { coverage?: Coverage };
  return (holder.coverage ??= new Coverage());
}
