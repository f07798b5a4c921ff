import type { NodeFeed } from '../../../common/regional-nodes/node-feed';
import type { RegionalNode } from '../../../common/regional-nodes/regional-node';

/** A step in a node's life, kept with the node registry (who did what, when). */
export interface NodeEvent {
  at: string;
  actor: string;
  action: 'register' | 'approve' | 'reject' | 'suspend' | 'resume' | 'retire';
  node: string;
  detail?: string;
}

/**
 * Where regional nodes are kept: Redis for a fleet of gateways (each change announced on a channel, so
 * every instance applies it at once), in-process for the embedded default. Nodes are records apart
 * from the compositions: no change to a node composes anything.
 */
export interface NodeStore extends NodeFeed {
  get(id: string): Promise<RegionalNode | undefined>;
  /**
   * Saves a new node, claiming its region for its system atomically across every gateway: false (and
   * nothing saved) when another node of the system holds that region.
   */
  create(node: RegionalNode, event: NodeEvent): Promise<boolean>;
  /** Saves a node's new status; a node that no longer holds its region gives it up. */
  update(node: RegionalNode, event: NodeEvent): Promise<void>;
  events(last: number): Promise<NodeEvent[]>;
  close(): Promise<void>;
}
