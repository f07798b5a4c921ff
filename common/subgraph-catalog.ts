/** The five departmental systems govgraph ships with, their default ports and owning departments. */
export const SUBGRAPHS = {
  staffing: { port: 4001, federated: true, department: 'staffing-office', title: '机构编制 staffing' },
  finance: { port: 4002, federated: true, department: 'finance-bureau', title: '财政 finance' },
  'civil-affairs': { port: 4003, federated: true, department: 'civil-affairs-bureau', title: '民政 civil affairs' },
  audit: {
    port: 4004,
    federated: false,
    department: 'audit-office',
    title: '审计 audit (legacy, not federation-aware)',
  },
  activity: { port: 4005, federated: true, department: 'discipline-inspection', title: '工作记实 activity' },
} as const;

export type SubgraphName = keyof typeof SUBGRAPHS;
export const SUBGRAPH_NAMES = Object.keys(SUBGRAPHS) as SubgraphName[];

export function isSubgraphName(value: string): value is SubgraphName {
  return Object.prototype.hasOwnProperty.call(SUBGRAPHS, value);
}

/**
 * The cross-department checks (headcount reconciliation, welfare cross-check, ...): a federated
 * subgraph with no database of its own that reads the five systems live, through each caller's own
 * access context. Shipped and composed like the others, but it is not a department's system.
 */
export const SUPERVISION = {
  port: 4006,
  federated: true,
  department: 'supervision-commission',
  title: '监督 supervision (cross-department checks)',
} as const;

/**
 * 纪检监察 cases: the discipline-inspection system that acts on findings (pre-payment checks, and next
 * rules, alerts and leads). It has a database of its own for what it records, and reads the five
 * systems live, as the supervision subgraph does, for the facts its checks need.
 */
export const CASES = {
  port: 4007,
  federated: true,
  department: 'discipline-inspection',
  title: '纪检监察 cases (pre-payment checks)',
} as const;

/** Every subgraph `npm start` runs and a new registry starts from. */
export const SHIPPED_SUBGRAPHS = { ...SUBGRAPHS, supervision: SUPERVISION, cases: CASES } as const;
export type ShippedSubgraphName = keyof typeof SHIPPED_SUBGRAPHS;
export const SHIPPED_SUBGRAPH_NAMES = Object.keys(SHIPPED_SUBGRAPHS) as ShippedSubgraphName[];

/** Whose database: a departmental system's, the cases system's, or the gateway's own (registry history, access log). */
export type DatabaseOwner = SubgraphName | 'cases' | 'gateway';

/** Database (or embedded file) name: govgraph_civil_affairs, govgraph_gateway and so on. */
export function databaseName(prefix: string, name: DatabaseOwner): string {
  return `${prefix}${name.replace(/-/g, '_')}`;
}
