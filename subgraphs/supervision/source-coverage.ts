/** Where a system is read: its one registered endpoint, or one of its regional nodes. */
export interface SourceTarget {
  system: string;
  /** The name its signing key derives from: the system, or `system@region` for a node. */
  id: string;
  regionCode: string | null;
  url: string;
}

/** What a check's answer rests on: nodes asked and answered, and the regions whose node did not answer. */
export interface CheckCoverage {
  complete: boolean;
  nodesAsked: number;
  nodesAnswered: number;
  /** `system@region` of each node that failed, in order. */
  missingNodes: string[];
  /** The regions left out, whichever system they miss from. */
  missingRegions: string[];
}

/**
 * The nodes one caller's checks reached. A node counts as answered only if every call to it answered:
 * a node that failed one call of a check has left part of its rows out of that check.
 */
export class SourceCoverage {
  private readonly asked = new Map<string, SourceTarget>();
  private readonly failed = new Set<string>();

  async track<R>(target: SourceTarget, call: Promise<R>): Promise<R> {
    this.asked.set(target.id, target);
    try {
      return await call;
    } catch (error) {
      this.failed.add(target.id);
      throw error;
    }
  }

  /** Marks a target failed after the fact (a stream that broke off after some pages). */
  fail(target: SourceTarget): void {
    this.asked.set(target.id, target);
    this.failed.add(target.id);
  }

  summary(): CheckCoverage {
    const missing = [...this.failed].sort();
    return {
      complete: missing.length === 0,
      nodesAsked: this.asked.size,
      nodesAnswered: this.asked.size - missing.length,
      missingNodes: missing,
      missingRegions: [
        ...new Set(missing.map((id) => this.asked.get(id)!.regionCode).filter((r) => r !== null)),
      ].sort(),
    };
  }
}
