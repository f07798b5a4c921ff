import type { ExecutionRequest, ExecutionResult, Executor } from '@graphql-tools/utils';
import { GraphQLError, type DocumentNode } from 'graphql';

import { cachedIn } from '../../../common/cached';
import { badUserInput, ErrorCode } from '../../../common/errors';
import { isRegionCode } from '../../../common/identifiers/region-code';
import { decodeKeysetCursor } from '../../../common/keyset-cursor';
import { narrowScope } from '../../../common/regional-nodes/narrow-scope';
import type { NodeTable } from '../../../common/regional-nodes/node-table';
import type { RegionalNode } from '../../../common/regional-nodes/regional-node';
import { subgraphAccessOf } from '../subgraph-calls/caller-access';
import { coverageOf } from './coverage';
import { mergeAnswers, type NodeAnswer, type PageStart } from './merge-answers';
import { decodeNodeCursor } from './node-cursor';
import {
  argumentValue,
  DEFAULT_PAGE,
  rootFieldsOf,
  selectsNodesDirectly,
  withOrderKeys,
  withPage,
  type RootField,
} from './root-fields';

/** The regional nodes and how to call one. */
export interface NodeRouting {
  table: NodeTable;
  /** Root fields whose connections page by row id (keysetConnections): merged by id across nodes. */
  keyset: ReadonlySet<string>;
  /** The resilient, signed executor of one node (its own breaker, budget and key). */
  executorOf(node: RegionalNode): Executor;
}

/** A root field's own region filter (`regionCode:`, or `filter: { regionCode }`), when it names a valid code. */
function regionFilter(field: RootField, variables: Record<string, unknown>): string | null {
  const direct = argumentValue(field.field, 'regionCode', variables);
  const filter = argumentValue(field.field, 'filter', variables);
  const code =
    typeof direct === 'string'
      ? direct
      : filter && typeof filter === 'object'
        ? (filter as Record<string, unknown>)['regionCode']
        : undefined;
  return typeof code === 'string' && isRegionCode(code) ? code : null;
}

/**
 * The regions a request's fetch needs: the caller's scope, narrowed by each root field's own region
 * filter (a province supervisor asking for one county reaches that county's node only). A filter
 * outside the scope narrows to nothing: the nodes would return no rows for it anyway.
 */
function routedRegions(fields: readonly RootField[], variables: Record<string, unknown>, scope: readonly string[]) {
  const regions = new Set<string>();
  for (const field of fields) {
    const filter = field.field.name.value === '_entities' ? null : regionFilter(field, variables);
    if (filter === null) return scope;
    for (const region of narrowScope(scope, filter)) regions.add(region);
  }
  return [...regions].sort();
}

/** The response keys of the root connections that merge by id: keyset-paged, selecting `nodes` directly. */
const keysetKeys = (document: DocumentNode, keyset: ReadonlySet<string>) =>
  new Set(
    rootFieldsOf(document)
      .fields.filter(
        (f) => f.connection?.nodes && keyset.has(f.field.name.value) && selectsNodesDirectly(document, f.key),
      )
      .map((f) => f.key),
  );

/** The sent document with the row ids added, made once per document (documents are reused across requests). */
const orderedDocuments = new WeakMap<DocumentNode, DocumentNode>();
const withOrderKeysOnce = (document: DocumentNode, keys: ReadonlySet<string>) =>
  cachedIn(orderedDocuments, document, () => withOrderKeys(document, keys));

/** A node that did not answer at all: its call failed (the unavailable layer said so), not its query. */
const failed = (result: ExecutionResult) =>
  !result.data && (result.errors ?? []).every((e) => e.extensions?.['code'] === ErrorCode.SUBGRAPH_UNAVAILABLE);

/** Where each connection's page starts, from its `after` (a cursor over nodes) and `first`. */
function pageStarts(
  fields: readonly RootField[],
  variables: Record<string, unknown>,
  nodes: readonly RegionalNode[],
  keyset: ReadonlySet<string>,
): Map<string, PageStart> {
  const pages = new Map<string, PageStart>();
  for (const field of fields) {
    if (!field.connection) continue;
    const first = argumentValue(field.field, 'first', variables);
    const after = argumentValue(field.field, 'after', variables);
    const size = typeof first === 'number' ? first : DEFAULT_PAGE;
    if (keyset.has(field.key)) {
      // Every node is sent the same `after`: the id the page follows, as one system reads it.
      if (typeof after === 'string' && decodeKeysetCursor(after) === null)
        throw badUserInput('after is not a cursor this API issued', 'after');
      pages.set(field.key, { first: size, start: 0, cursor: null, keyset: true });
      continue;
    }
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
    if (!page.keyset)
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
  const keyset = keysetKeys(request.document, routing.keyset);
  const document = keyset.size ? withOrderKeysOnce(request.document, keyset) : request.document;
  const { fields, operation } = rootFieldsOf(document);
  const variables = (request.variables ?? {}) as Record<string, unknown>;
  const scope = subgraphAccessOf(request.context).regions;
  const nodes = routing.table.routeWithin(system, scope, routedRegions(fields, variables, scope));
  const coverage = coverageOf(request.context);
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
  let pages: Map<string, PageStart>;
  try {
    pages = pageStarts(fields, variables, nodes, keyset);
  } catch (error) {
    return { errors: [error as GraphQLError] };
  }
  const paged = fields.some(
    (f) => f.connection && !keyset.has(f.key) && typeof argumentValue(f.field, 'after', variables) === 'string',
  );
  const ask = (i: number, document: DocumentNode) =>
    routing.executorOf(nodes[i]!)({ ...request, document }) as Promise<ExecutionResult>;
  const results = await Promise.all(nodes.map((_, i) => ask(i, documentFor(document, pages, i, paged))));
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
    const exact = await ask(i, withPage(document, field.key, { first, after }));
    const keys = field.connection!;
    const info = (exact.data?.[field.key] as Record<string, Record<string, unknown>> | null)?.[keys.pageInfo!];
    return (info?.[keys.endCursor!] as string | null) ?? null;
  });
  return unavailable.length ? { ...merged, errors: [...(merged.errors ?? []), ...unavailable] } : merged;
}
