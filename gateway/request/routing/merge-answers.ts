import type { ExecutionResult } from '@graphql-tools/utils';
import { GraphQLError } from 'graphql';

import { encodeKeysetCursor } from '../../../common/keyset-cursor';
import type { RegionalNode } from '../../../common/regional-nodes/regional-node';
import { ORDER_KEY } from '../execution/planner-keys';
import { encodeNodeCursor, type NodePosition } from './node-cursor';
import type { RootField } from './root-fields';

type Json = Record<string, unknown>;
type NodeError = NonNullable<ExecutionResult['errors']>[number];

/** Where a connection's page starts: the node (index in region order), that node's own cursor, the page size. */
export interface PageStart {
  first: number;
  start: number;
  cursor: string | null;
  /** Rows carry their id (ORDER_KEY) and every node pages by it: merged in id order, cursors by id. */
  keyset?: boolean;
}

/** One node's answer to the same request, in region order; null when the node did not answer. */
export interface NodeAnswer {
  node: RegionalNode;
  result: ExecutionResult | null;
}

/** Where each node's part of a merged value landed, so its errors are reported at the merged paths. */
type Relocate = (node: number, path: ReadonlyArray<string | number>) => ReadonlyArray<string | number> | null;

const isObject = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * One entity as several nodes answer it, field by field: lists concatenated in region order (a
 * person's relief memberships in two counties), any other value from the first node that has one.
 */
function mergeEntity(parts: readonly Json[]): Json {
  if (parts.length === 1) return parts[0]!;
  const merged: Json = {};
  for (const part of parts)
    for (const [key, value] of Object.entries(part)) {
      const had = merged[key];
      if (Array.isArray(had) && Array.isArray(value)) merged[key] = [...had, ...value];
      else if (had === undefined || had === null) merged[key] = value;
    }
  return merged;
}

/** `_entities`: each representation answered by every node asked, merged (null where none has it). */
function mergeEntities(key: string, values: unknown[]): { value: unknown; relocate: Relocate } {
  const lists = values.map((v) => (Array.isArray(v) ? (v as unknown[]) : null));
  if (lists.every((l) => l === null)) return { value: null, relocate: () => null };
  const length = Math.max(0, ...lists.map((l) => l?.length ?? 0));
  const merged = Array.from({ length }, (_, i) => {
    const parts = lists.flatMap((l) => (isObject(l?.[i]) ? [l![i] as Json] : []));
    return parts.length ? mergeEntity(parts) : null;
  });
  return { value: merged, relocate: relocateUnder(key, (_node, path) => path) };
}

const relocateUnder =
  (key: string, inner: Relocate): Relocate =>
  (node, path) =>
    path[0] === key ? inner(node, path) : null;

/** Lists concatenate in region order; lists of lists (one per argument, as findingsByResponsibleUsccs) element by element. */
function mergeList(key: string, values: unknown[]): { value: unknown; relocate: Relocate } {
  const lists = values.map((v) => (Array.isArray(v) ? (v as unknown[]) : null));
  if (lists.every((l) => l === null)) return { value: null, relocate: () => null };
  const aligned = lists.some((l) => l?.length && Array.isArray(l[0]));
  if (aligned) {
    const length = Math.max(...lists.map((l) => l?.length ?? 0));
    const offsets = lists.map(() => [] as number[]);
    const value = Array.from({ length }, (_, i) => {
      let at = 0;
      return lists.flatMap((l, n) => {
        const part = (l?.[i] as unknown[] | null) ?? [];
        offsets[n]![i] = at;
        at += part.length;
        return part;
      });
    });
    return {
      value,
      relocate: relocateUnder(key, (n, path) =>
        typeof path[1] === 'number' && typeof path[2] === 'number'
          ? [key, path[1], (offsets[n]![path[1]] ?? 0) + path[2], ...path.slice(3)]
          : path,
      ),
    };
  }
  const offsets: number[] = [];
  let at = 0;
  const value = lists.flatMap((l, n) => {
    offsets[n] = at;
    at += l?.length ?? 0;
    return l ?? [];
  });
  return {
    value,
    relocate: relocateUnder(key, (n, path) =>
      typeof path[1] === 'number' ? [key, offsets[n]! + path[1], ...path.slice(2)] : path,
    ),
  };
}

/** A single object or scalar (a lookup by id): the one node that has it answers; the first such wins. */
function mergeFirst(key: string, values: unknown[]): { value: unknown; relocate: Relocate } {
  const from = values.findIndex((v) => v !== null && v !== undefined);
  return {
    value: from < 0 ? null : values[from],
    relocate: relocateUnder(key, (n, path) => (n === from || from < 0 ? path : null)),
  };
}

/**
 * A connection over the nodes in region order: totalCount summed over every node asked; the page's
 * rows taken node after node from where the cursor stopped; the end cursor naming the node a page
 * ended in and that node's own cursor there. `exactEnd` asks a node for its cursor after the rows a
 * page took from it, when the page ends inside it.
 */
async function mergeConnection(
  field: RootField,
  values: unknown[],
  nodes: readonly RegionalNode[],
  page: PageStart,
  exactEnd: (node: number, first: number, after: string | null) => Promise<string | null>,
): Promise<{ value: unknown; relocate: Relocate }> {
  const keys = field.connection!;
  const objects = values.map((v) => (isObject(v) ? v : null));
  const base = objects.find(Boolean);
  if (!base) return { value: null, relocate: () => null };
  const merged: Json = { ...base };
  if (keys.totalCount)
    merged[keys.totalCount] = objects.reduce(
      (sum, o) => sum + (typeof o?.[keys.totalCount!] === 'number' ? (o[keys.totalCount!] as number) : 0),
      0,
    );
  if (page.keyset && keys.nodes) {
    const merged_ = keysetPage(field, objects, page.first, merged);
    if (merged_) return merged_;
  }
  const rows: unknown[] = [];
  const taken = new Map<number, { offset: number; count: number }>();
  let end: NodePosition | null = null;
  let more = false;
  for (let i = page.start; i < objects.length; i++) {
    const o = objects[i];
    if (!o) continue;
    const part = keys.nodes && Array.isArray(o[keys.nodes]) ? (o[keys.nodes] as unknown[]) : [];
    const info = keys.pageInfo && isObject(o[keys.pageInfo]) ? (o[keys.pageInfo] as Json) : {};
    const room = page.first - rows.length;
    if (room <= 0) {
      if (part.length || info[keys.hasNextPage ?? ''] === true) more = true;
      if (more) break;
      continue;
    }
    const asked = i === page.start ? page.cursor : null;
    if (part.length <= room) {
      taken.set(i, { offset: rows.length, count: part.length });
      rows.push(...part);
      if (part.length)
        end = { region: nodes[i]!.regionCode, cursor: (info[keys.endCursor ?? ''] as string | null) ?? null };
      if (info[keys.hasNextPage ?? ''] === true) {
        more = true;
        break;
      }
      continue;
    }
    taken.set(i, { offset: rows.length, count: room });
    rows.push(...part.slice(0, room));
    more = true;
    end = { region: nodes[i]!.regionCode, cursor: keys.endCursor ? await exactEnd(i, room, asked) : null };
    break;
  }
  if (keys.nodes) merged[keys.nodes] = rows;
  if (keys.pageInfo && isObject(base[keys.pageInfo])) {
    const info: Json = { ...(base[keys.pageInfo] as Json) };
    if (keys.hasNextPage) info[keys.hasNextPage] = more;
    if (keys.endCursor) info[keys.endCursor] = rows.length && end ? encodeNodeCursor(end) : null;
    merged[keys.pageInfo] = info;
  }
  return {
    value: merged,
    relocate: relocateUnder(field.key, (n, path) => {
      if (path[1] !== keys.nodes || typeof path[2] !== 'number') return n === objects.findIndex(Boolean) ? path : null;
      const t = taken.get(n);
      return t && path[2] < t.count ? [field.key, keys.nodes!, t.offset + path[2], ...path.slice(3)] : null;
    }),
  };
}

/**
 * A page of rows ordered by id, merged from every node's page after the same id (k-way, by id): the
 * first `first` of them are exactly the page one system over all the rows gives, and the end cursor
 * is the one it gives (after the last id). Null when some row lacks its id (then region order).
 */
function keysetPage(
  field: RootField,
  objects: ReadonlyArray<Json | null>,
  first: number,
  merged: Json,
): { value: unknown; relocate: Relocate } | null {
  const keys = field.connection!;
  const parts = objects.map((o) => (o && Array.isArray(o[keys.nodes!]) ? (o[keys.nodes!] as Json[]) : []));
  const idOf = (row: Json) => Number(row[ORDER_KEY]);
  if (parts.some((rows) => rows.some((row) => !isObject(row) || !Number.isSafeInteger(idOf(row))))) return null;
  const heads = parts.map(() => 0);
  const rows: Json[] = [];
  const at = new Map<string, number>();
  while (rows.length < first) {
    let best = -1;
    parts.forEach((p, n) => {
      if (heads[n]! < p.length && (best < 0 || idOf(p[heads[n]!]!) < idOf(parts[best]![heads[best]!]!))) best = n;
    });
    if (best < 0) break;
    at.set(`${best} ${heads[best]}`, rows.length);
    rows.push(parts[best]![heads[best]!]!);
    heads[best]!++;
  }
  const more = parts.some(
    (p, n) =>
      heads[n]! < p.length ||
      (isObject(objects[n]?.[keys.pageInfo ?? '']) &&
        (objects[n]![keys.pageInfo!] as Json)[keys.hasNextPage ?? ''] === true),
  );
  merged[keys.nodes!] = rows;
  const base = objects.find(Boolean)!;
  if (keys.pageInfo && isObject(base[keys.pageInfo])) {
    const info: Json = { ...(base[keys.pageInfo] as Json) };
    if (keys.hasNextPage) info[keys.hasNextPage] = more;
    if (keys.endCursor) info[keys.endCursor] = rows.length ? encodeKeysetCursor(idOf(rows.at(-1)!)) : null;
    merged[keys.pageInfo] = info;
  }
  return {
    value: merged,
    relocate: relocateUnder(field.key, (n, path) => {
      if (path[1] !== keys.nodes || typeof path[2] !== 'number') return n === objects.findIndex(Boolean) ? path : null;
      const i = at.get(`${n} ${path[2]}`);
      return i === undefined ? null : [field.key, keys.nodes!, i, ...path.slice(3)];
    }),
  };
}

/**
 * The nodes' answers to one request merged into one answer, as the one-node system would give it
 * over the same rows: lists and connections across nodes in region order, entities from the node
 * that holds each, each node's errors at the merged paths (the same error from several nodes once).
 */
export async function mergeAnswers(
  fields: readonly RootField[],
  answers: readonly NodeAnswer[],
  pages: ReadonlyMap<string, PageStart>,
  exactEnd: (field: RootField, node: number, first: number, after: string | null) => Promise<string | null>,
): Promise<ExecutionResult> {
  const data: Json = {};
  const relocations: Relocate[] = [];
  const values = (key: string) => answers.map((a) => (a.result?.data as Json | null | undefined)?.[key]);
  const nodes = answers.map((a) => a.node);
  for (const field of fields) {
    const found = values(field.key);
    const merged =
      field.field.name.value === '_entities'
        ? mergeEntities(field.key, found)
        : field.connection
          ? await mergeConnection(
              field,
              found,
              nodes,
              pages.get(field.key) ?? { first: Number.POSITIVE_INFINITY, start: 0, cursor: null },
              (n, first, after) => exactEnd(field, n, first, after),
            )
          : found.some(Array.isArray)
            ? mergeList(field.key, found)
            : mergeFirst(field.key, found);
    data[field.key] = merged.value;
    relocations.push(merged.relocate);
  }
  const errors: GraphQLError[] = [];
  const seen = new Set<string>();
  answers.forEach(({ result }, n) => {
    for (const e of (result?.errors ?? []) as NodeError[]) {
      const path = e.path?.length ? relocations.map((r) => r(n, e.path!)).find(Boolean) : undefined;
      if (e.path?.length && !path) continue;
      const key = `${e.message}\n${JSON.stringify(path ?? null)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      errors.push(
        new GraphQLError(e.message, {
          ...(path ? { path } : {}),
          ...(e.extensions ? { extensions: e.extensions } : {}),
        }),
      );
    }
  });
  return errors.length ? { data, errors } : { data };
}
