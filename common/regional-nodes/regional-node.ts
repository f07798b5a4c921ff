/**
 * A regional node (区域节点): one region's running copy of a system (staffing, finance, ...). The
 * system is registered once, with its schema; each node is an endpoint record of it: the region it
 * covers (GB/T 2260), where it is, which office runs it. Nodes are added, approved, suspended and
 * retired without composing anything.
 */
export type NodeStatus = 'PENDING' | 'ACTIVE' | 'SUSPENDED' | 'REJECTED' | 'RETIRED';

export interface RegionalNode {
  /** `system@region`, e.g. `finance@320505`: also what the node's signing key is derived from. */
  id: string;
  system: string;
  regionCode: string;
  url: string;
  /** The office that runs it (e.g. 苏州市姑苏区大数据管理局), and whom to call. */
  office: string;
  contact: string;
  status: NodeStatus;
  /** SAME: it serves the system's schema; NEWER: a compatible newer version during a rollout. */
  schema: 'SAME' | 'NEWER';
  registeredBy: string;
  registeredAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  changedBy: string | null;
  changedAt: string | null;
  reason: string | null;
}

export const nodeId = (system: string, regionCode: string) => `${system}@${regionCode}`;

/** Nodes that hold their region: they keep it claimed, so no second node of the system may cover it. */
export const HOLDS_REGION: ReadonlySet<NodeStatus> = new Set(['PENDING', 'ACTIVE', 'SUSPENDED']);
