/** The five departmental systems govgraph ships with, their default ports and database names. */
export const SUBGRAPHS = {
  staffing: { port: 4001, federated: true, title: '机构编制 staffing' },
  finance: { port: 4002, federated: true, title: '财政 finance' },
  'civil-affairs': { port: 4003, federated: true, title: '民政 civil affairs' },
  audit: { port: 4004, federated: false, title: '审计 audit (legacy, not federation-aware)' },
  activity: { port: 4005, federated: true, title: '工作记实 activity' },
} as const;

export type SubgraphName = keyof typeof SUBGRAPHS;
export const SUBGRAPH_NAMES = Object.keys(SUBGRAPHS) as SubgraphName[];

export function isSubgraphName(value: string): value is SubgraphName {
  return Object.prototype.hasOwnProperty.call(SUBGRAPHS, value);
}

/** Database (or embedded file) name of a subgraph: govgraph_civil_affairs and so on. */
export function databaseName(prefix: string, name: SubgraphName | 'gateway'): string {
  return `${prefix}${name.replace(/-/g, '_')}`;
}
