/** What the registry keeps: subgraphs with their revisions, and numbered, immutable compositions. */

export type RevisionStatus = 'PENDING' | 'APPROVED' | 'REJECTED' | 'RETIRED';

/** The part of a subgraph that a composition needs. */
export interface SubgraphSpec {
  name: string;
  url: string;
  sdl: string;
  /** Speaks Apollo Federation (composed) or plain GraphQL (stitched in). */
  federated: boolean;
}

export interface CheckFinding {
  check:
    'url' | 'reachability' | 'sdl' | 'composition' | 'breaking-change' | 'ownership' | 'classification' | 'catalog';
  /** error: refused outright; approval: needs an admin's force or the owner's approval; warning: reported. */
  severity: 'error' | 'approval' | 'warning';
  message: string;
  /** Department whose approval would lift this finding (ownership). */
  owner?: string;
}

export interface SubgraphRevision extends SubgraphSpec {
  revision: number;
  department: string;
  contact: string;
  status: RevisionStatus;
  registeredBy: string;
  registeredAt: string;
  decidedBy?: string;
  decidedAt?: string;
  reason?: string;
  /** Departments whose owners approved taking over their fields. */
  ownerApprovals: string[];
  findings: CheckFinding[];
}

export interface SubgraphRecord {
  name: string;
  department: string;
  revisions: SubgraphRevision[];
}

export interface CompositionVersion {
  version: number;
  createdAt: string;
  createdBy: string;
  /** Why it was made: "approve finance r2", "retire partner-x", "rollback to 3". */
  reason: string;
  subgraphs: Array<SubgraphSpec & { revision: number; department: string }>;
  supergraphSdl: string;
}

export interface RegistryEvent {
  at: string;
  actor: string;
  action:
    'register' | 'approve' | 'reject' | 'retire' | 'rollback' | 'bootstrap' | 'restore' | 'readdress' | 'owner-approve';
  subgraph?: string;
  revision?: number;
  version?: number;
  detail?: string;
}

/** The latest approved revision of each live subgraph. */
export function liveRevision(record: SubgraphRecord): SubgraphRevision | undefined {
  return [...record.revisions].reverse().find((r) => r.status === 'APPROVED');
}
