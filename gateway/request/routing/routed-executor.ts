import type { ExecutionRequest, ExecutionResult, Executor } from '@graphql-tools/utils';
import { GraphQLError, type DocumentNode } from 'graphql';

import { ErrorCode } from '../../../common/errors';
import { subgraphAccessOf } from '../subgraph-calls/caller-access';
import { coverageOf } from './coverage';
import { mergeAnswers, type NodeAnswer, type PageStart } from './merge-answers';
import { decodeNodeCursor } from './node-cursor';
import type { NodeTable } from './node-table';
import type { RegionalNode } from './regional-node';
import { argumentValue, DEFAULT_PAGE, rootFieldsOf, withPage, type RootField } from './root-fields';

/** The regional nodes and how to call one. */
export interface NodeRouting {
  table: NodeTable;
  /** The resilient, signed executor of one node (its own breaker, budget and key). */
  executorOf(node: RegionalNode): Executor;
}

/** A node that did not answer at all: its call failed (the unavailable layer said so), not its query. */
const failed = (result: ExecutionResult) =>
  !result.data && (result.errors ?? []).every((e) => e.extensions?.['code'] === ErrorCode.SUBGRAPH_UNAVAILABLE);

/** Where each connection's page starts, from its `after` (a cursor over nodes) and `first`. */
function pageStarts(
  fields: readonly RootField[],
  variables: Record<string, unknown>,
  nodes: readonly RegionalNode[],
): Map<string, PageStart> {
  const pages = new Map<string, PageStart>();
  for (const field of fields) {
    if (!field.connection) continue;
    const first = argumentValue(field.field, 'first', variables);
    const after = argumentValue(field.field, 'after', variables);
    const size = typeof first === 'number' ? first : DEFAULT_PAGE;
    if (typeof after !== 'string') {
      pages.set(field.key, { first: size, start: 0, cursor: null });
      continue;
    }
    const at = decodeNodeCursor(after);
    // The node it stopped in, or (retired since) the next one in region order.
    const start = nodes.findIndex((n) => n.regionCode >= at.region);
    pages.set(field.key, {
      first: size,
      start: start < 0 ? nodes.length : start,
      cursor: nodes[start]?.regionCode === at.region ? at.cursor : null,
    });
  }
  return pages;
}

/** The document a node is sent: each paged connection from that node's own position. */
function documentFor(document: DocumentNode, pages: ReadonlyMap<string, PageStart>, node: number, paged: boolean) {
  if (!paged) return document;
  let out = document;
  for (const [key, page] of pages)
    out = withPage(out, key, {
      first: node < page.start ? 0 : page.first,
      after: node === page.start ? page.cursor : null,
    });
  return out;
}

/**
 * A system's executor: its one registered endpoint until regional nodes of it are active; then each
 * call goes only to the nodes that hold rows of the caller's region scope (token region and grants,
 * the same scope the nodes apply to their rows), all at once, and their answers merge into one. A node
 * that does not answer leaves its regions out: the rest arrives, with one SUBGRAPH_UNAVAILABLE error
 * naming the system and the missing regions, and the request's coverage says so.
 */
export function routedExecutor(system: string, single: Executor, routing: NodeRouting): Executor {
  return ((request: ExecutionRequest) =>
    routing.table.hasNodes(system) ? routeToNodes(system, request, routing) : single(request)) as Executor;
}

async function routeToNodes(system: string, request: ExecutionRequest, routing: NodeRouting): Promise<ExecutionResult> {
  const nodes = routing.table.route(system, subgraphAccessOf(request.context).regions);
  const coverage = coverageOf(request.context);
  const { fields, operation } = rootFieldsOf(request.document);
  if (operation.operation !== 'query' && nodes.length !== 1)
    return {
      errors: [
        new GraphQLError(
          `a ${operation.operation} of ${system} goes to one regional node; this caller's scope reaches ${nodes.length}`,
          { extensions: { code: ErrorCode.BAD_USER_INPUT } },
        ),
      ],
    };
  if (!nodes.length) coverage?.noneCovering(system);
  const variables = (request.variables ?? {}) as Record<string, unknown>;
  let pages: Map<string, PageStart>;
  try {
    pages = pageStarts(fields, variables, nodes);
  } catch (error) {
    return { errors: [error as GraphQLError] };
  }
  const paged = fields.some((f) => f.connection && typeof argumentValue(f.field, 'after', variables) === 'string');
  const ask = (i: number, document: DocumentNode) =>
    routing.executorOf(nodes[i]!)({ ...request, document }) as Promise<ExecutionResult>;
  const results = await Promise.all(nodes.map((_, i) => ask(i, documentFor(request.document, pages, i, paged))));
  const answers: NodeAnswer[] = results.map((result, i) => {
    const answered = !failed(result);
    coverage?.asked(nodes[i]!, answered);
    return { node: nodes[i]!, result: answered ? result : null };
  });
  const missing = results.flatMap((r, i) =>
    failed(r) ? [{ region: nodes[i]!.regionCode, reason: r.errors?.[0]?.message }] : [],
  );
  const unavailable = missing.length
    ? [
        new GraphQLError(
          `Subgraph "${system}" is unavailable in ${missing.map((m) => m.region).join(', ')}: ${missing[0]!.reason ?? 'no answer'}`,
          {
            extensions: {
              code: ErrorCode.SUBGRAPH_UNAVAILABLE,
              subgraph: system,
              regions: missing.map((m) => m.region),
            },
          },
        ),
      ]
    : [];
  if (nodes.length && missing.length === nodes.length) return { errors: unavailable };
  const merged = await mergeAnswers(fields, answers, pages, async (field, i, first, after) => {
    const exact = await ask(i, withPage(request.document, field.key, { first, after }));
    const keys = field.connection!;
    const info = (exact.data?.[field.key] as Record<string, Record<string, unknown>> | null)?.[keys.pageInfo!];
    return (info?.[keys.endCursor!] as string | null) ?? null;
  });
  return unavailable.length ? { ...merged, errors: [...(merged.errors ?? []), ...unavailable] } : merged;
}
