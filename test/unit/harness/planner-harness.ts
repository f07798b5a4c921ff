/**
 * Two small Federation subgraphs composed into a supergraph, and the gateway's planner over it, for
 * unit tests of planning: a plan is described one fetch a line, so a test reads as the plan does.
 * Nothing is fetched (the subgraph URLs are never called).
 */
import { Kind, parse, print, type OperationDefinitionNode, type SelectionNode } from 'graphql';

import { composeSupergraph } from '../../../gateway/control/composition/compose-supergraph';
import { buildGatewaySchema } from '../../../gateway/request/execution/gateway-schema';
import type { EntityFetch, Fetch, QueryPlan } from '../../../gateway/request/execution/query-planner';
import { Breakers } from '../../../gateway/request/resilience/breakers';
import { DEFAULT_CALL_POLICY } from '../../../gateway/request/resilience/call-policy';

const LINK = (imports: string[]) =>
  `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: [${imports.map((i) => `"${i}"`).join(', ')}])`;

export const PEOPLE_SDL = `${LINK(['@key', '@external', '@provides', '@shareable'])}
  type Query {
    people: [Person!]!
    topEarner: Person @provides(fields: "salary")
    team: Team
  }
  type Team @key(fields: "id") { id: ID! lead: Person @provides(fields: "salary") members: [Person!]! }
  type Person @key(fields: "id") { id: ID! name: String salary: Int @external }
`;
export const PAYROLL_SDL = `${LINK(['@key', '@shareable'])}
  type Query { payslips: [Payment!]! }
  type Person @key(fields: "id") { id: ID! salary: Int @shareable payments(last: Int): [Payment!]! }
  type Payment { month: String! amount: Int! }
`;

export const supergraphSdl = composeSupergraph([
  { name: 'people', url: 'http://127.0.0.1:9/people', sdl: PEOPLE_SDL },
  { name: 'payroll', url: 'http://127.0.0.1:9/payroll', sdl: PAYROLL_SDL },
]);

export const { schema, planner } = buildGatewaySchema(supergraphSdl, [], {
  callPolicy: DEFAULT_CALL_POLICY,
  breakers: new Breakers(DEFAULT_CALL_POLICY.breaker),
  signingSecret: 'unit-planner-signing-secret-0123456789',
});

const printed = (selections: readonly SelectionNode[]) =>
  print({ kind: Kind.SELECTION_SET, selections }).replace(/\s+/g, ' ');

/** One line per fetch: "PEOPLE { people { id name } }", then "  people → PAYROLL Person { salary }" below it. */
export function describePlan(plan: QueryPlan | null): string[] {
  if (!plan) return ['general path'];
  const lines: string[] = [];
  const entity = (fetch: EntityFetch, depth: number) => {
    const path = fetch.path.map((s) => ('key' in s ? s.key : `<${s.type}>`)).join('.');
    lines.push(
      `${'  '.repeat(depth)}${path} → ${fetch.fetch.graph} ${fetch.typeName} ${printed(fetch.fetch.selections)}`,
    );
    fetch.fetch.dependents.forEach((d) => entity(d, depth + 1));
  };
  const root = (fetch: Fetch) => {
    lines.push(`${fetch.graph} ${printed(fetch.selections)}`);
    fetch.dependents.forEach((d) => entity(d, 1));
  };
  plan.roots.forEach(root);
  return lines;
}

/** Plans a query as the request path does once access planning left the document as it is. */
export function planOf(query: string): { plan: QueryPlan | null; lines: string[]; document: ReturnType<typeof parse> } {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')!;
  const plan = planner.accepts(document, operation) ? planner.plan(schema, document) : null;
  return { plan, lines: describePlan(plan), document };
}
