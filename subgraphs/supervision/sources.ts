import { GraphQLError } from 'graphql';

import { ErrorCode } from '../../common/errors';
import { MAX_KEYS_PER_FACTS_CALL } from '../../common/fact-limits';
import { fromFactTable, type FactTable } from '../../common/fact-table';
import { encodeAccess, SIGNATURE_HEADERS, type SubgraphAccess } from '../../common/gateway-signature';
import { isRegionCode } from '../../common/identifiers/region-code';
import { narrowScope } from '../../common/regional-nodes/narrow-scope';
import type { NodeTable } from '../../common/regional-nodes/node-table';
import { signingFetch } from '../../common/signing-fetch';
import type { SubgraphName } from '../../common/subgraph-catalog';
import { SourceCoverage, type SourceTarget } from './source-coverage';

/** Where the supervision subgraph reaches each departmental system. */
export type SourceEndpoints = Record<SubgraphName, string>;

export interface SourceOptions {
  endpoints: SourceEndpoints;
  /** The gateway's signing secret: each system's key derives from it (the supervision subgraph is part of the gateway's trust). */
  signingSecret: string;
  /** Budget of one call to a system, in ms. */
  timeoutMs: number;
  /**
   * The systems' regional nodes, kept current from the node registry: a system with active nodes is
   * read at the nodes holding the caller's scope, each with its own key, instead of at its endpoint.
   */
  nodes?: NodeTable;
}

/** Most calls one caller's check has in flight at once (nodes of every system together). */
const MAX_CALLS_IN_FLIGHT = 64;

/** A variable of a facts call: its GraphQL type and value (null and undefined are left out). */
export type FactArgs = Record<string, { type: string; value: unknown }>;

/** Calls fail as SUBGRAPH_UNAVAILABLE naming the system (and node); a system's refusal of an argument stays BAD_USER_INPUT. */
function sourceError(
  target: SourceTarget,
  message: string,
  code: string = ErrorCode.SUBGRAPH_UNAVAILABLE,
): GraphQLError {
  const named = target.regionCode ? `${target.system}" node "${target.regionCode}` : target.system;
  return new GraphQLError(
    code === ErrorCode.SUBGRAPH_UNAVAILABLE ? `supervision could not read "${named}": ${message}` : message,
    {
      extensions: {
        code,
        subgraph: target.system,
        ...(target.regionCode ? { regions: [target.regionCode] } : {}),
      },
    },
  );
}

/**
 * The departmental systems as one caller sees them: every call carries that caller's verified access
 * context (user, roles, region scope, purpose), so each system filters its rows exactly as it would
 * for the gateway, and nothing the caller could not read reaches a check. A system served by regional
 * nodes is read at every node of the caller's scope and the rows put together; a node that fails is
 * left out and named in the coverage, never silently counted as empty.
 */
export class Sources {
  private readonly fetches = new Map<string, typeof fetch>();
  private readonly accessHeader: string;
  /** Which nodes the checks of this caller asked, and which answered. */
  readonly coverage = new SourceCoverage();
  /** Calls in flight and waiting: a check over thousands of nodes opens a bounded number of connections. */
  private inFlight = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly options: SourceOptions,
    private readonly access: SubgraphAccess,
  ) {
    this.accessHeader = encodeAccess(access);
  }

  /**
   * Where a system is read for this caller: its nodes holding the caller's scope (narrowed by a region
   * filter of the read, as the gateway narrows a root field's), or its one endpoint.
   */
  targetsOf(source: SubgraphName, regionFilter?: string | null): SourceTarget[] {
    const nodes = this.options.nodes;
    if (!nodes?.hasNodes(source))
      return [{ system: source, id: source, regionCode: null, url: this.options.endpoints[source] }];
    const scope = this.access.regions;
    const routed = nodes.routeWithin(source, scope, regionFilter ? narrowScope(scope, regionFilter) : scope);
    return routed.map((node) => ({ system: source, id: node.id, regionCode: node.regionCode, url: node.url }));
  }

  /** One query at one endpoint or node, signed with that target's own key. */
  async queryAt<T>(target: SourceTarget, query: string, variables: Record<string, unknown>): Promise<T> {
    // A finished call hands its slot to the next waiting one.
    if (this.inFlight < MAX_CALLS_IN_FLIGHT) this.inFlight++;
    else await new Promise<void>((go) => this.waiting.push(go));
    try {
      return await this.call<T>(target, query, variables);
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.inFlight--;
    }
  }

  private async call<T>(target: SourceTarget, query: string, variables: Record<string, unknown>): Promise<T> {
    let fetcher = this.fetches.get(target.id);
    if (!fetcher) this.fetches.set(target.id, (fetcher = signingFetch(this.options.signingSecret, target.id)));
    let response: Response;
    try {
      response = await fetcher(target.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [SIGNATURE_HEADERS.access]: this.accessHeader },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      throw sourceError(target, (error as Error).name === 'TimeoutError' ? 'timed out' : 'connection failed');
    }
    let body: { data?: T | null; errors?: Array<{ message: string; extensions?: { code?: string } }> };
    try {
      body = (await response.json()) as typeof body;
    } catch {
      throw sourceError(target, `answered HTTP ${response.status} with a body that is not JSON`);
    }
    const refused = body.errors?.find((e) => e.extensions?.code === ErrorCode.BAD_USER_INPUT);
    if (refused) throw sourceError(target, refused.message, ErrorCode.BAD_USER_INPUT);
    if (body.errors?.length || !body.data)
      throw sourceError(target, body.errors?.[0]?.message ?? `answered HTTP ${response.status} without data`);
    return body.data;
  }

  /** Runs `read` at every target of a system, in region order (see `atEach`). */
  fanOut<R>(
    source: SubgraphName,
    read: (target: SourceTarget) => Promise<R>,
    regionFilter?: string | null,
  ): Promise<R[]> {
    return this.atEach(this.targetsOf(source, regionFilter), (target) => target, read);
  }

  /**
   * Runs `read` for each item at its target. A target that fails is recorded as missing and its part
   * left out; the call fails only when the one target or every target failed, or an argument was refused.
   */
  async atEach<T, R>(items: readonly T[], targetOf: (item: T) => SourceTarget, read: (item: T) => Promise<R>) {
    const settled = await Promise.allSettled(items.map((item) => this.coverage.track(targetOf(item), read(item))));
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    const refused = settled.find(
      (s): s is PromiseRejectedResult =>
        s.status === 'rejected' && (s.reason as GraphQLError).extensions?.code === ErrorCode.BAD_USER_INPUT,
    );
    if (refused || (failed && (items.length === 1 || settled.every((s) => s.status === 'rejected'))))
      throw (refused ?? failed)!.reason;
    return settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  }

  /** One query of a system; with nodes, use fanOut or facts (answers of several nodes do not merge by themselves). */
  async query<T>(source: SubgraphName, query: string, variables: Record<string, unknown>): Promise<T> {
    const [only] = await this.fanOut(source, (target) => this.queryAt<T>(target, query, variables));
    return only!;
  }

  /** Every page of a connection, at every target of a system, one target after another in region order. */
  async allPages<T, N>(
    source: SubgraphName,
    query: string,
    variables: Record<string, unknown>,
    page: (data: T) => { nodes: N[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } },
  ): Promise<N[]> {
    const parts = await this.fanOut(source, async (target) => {
      const out: N[] = [];
      let after: string | null = null;
      do {
        const connection = page(await this.queryAt<T>(target, query, { ...variables, after }));
        for (const n of connection.nodes) out.push(n);
        after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
      } while (after);
      return out;
    });
    return parts.flat();
  }

  /** One bulk-facts field at one target, read back as objects with the columns asked for. */
  async factsAt<C extends string>(
    target: SourceTarget,
    field: string,
    args: FactArgs,
    columns: readonly C[],
  ): Promise<Array<Record<C, unknown>>> {
    const given = Object.entries(args).filter(([, a]) => a.value !== null && a.value !== undefined);
    const declared = given.map(([name, a]) => `$${name}: ${a.type}`).join(', ');
    const passed = given.map(([name]) => `${name}: $${name}`).join(', ');
    const query = `query SupervisionFacts${declared ? `(${declared})` : ''} { facts: ${field}${passed ? `(${passed})` : ''} }`;
    const data = await this.queryAt<{ facts: FactTable }>(
      target,
      query,
      Object.fromEntries(given.map(([name, a]) => [name, a.value])),
    );
    return fromFactTable(data.facts, columns);
  }

  /** One bulk-facts field of a system: at every node of the caller's scope, the rows put together. */
  async facts<C extends string>(
    source: SubgraphName,
    field: string,
    args: FactArgs,
    columns: readonly C[],
  ): Promise<Array<Record<C, unknown>>> {
    // A read of one region (regionCode) goes only to the nodes holding it.
    const region = args['regionCode']?.value;
    const parts = await this.fanOut(
      source,
      (target) => this.factsAt(target, field, args, columns),
      typeof region === 'string' && isRegionCode(region) ? region : null,
    );
    return parts.length === 1 ? parts[0]! : parts.flat();
  }

  /**
   * The same facts for many keys: sent in chunks the systems accept, a few at a time, results joined;
   * at every node of a system, or at one target for keys that mean something only there (row ids).
   */
  factsForKeys<C extends string>(
    where: SubgraphName | SourceTarget,
    field: string,
    keysArg: string,
    keys: readonly string[],
    args: FactArgs,
    columns: readonly C[],
  ): Promise<Array<Record<C, unknown>>> {
    return inChunks(keys, (chunk) => {
      const chunkArgs = { ...args, [keysArg]: { type: '[ID!]!', value: chunk } };
      return typeof where === 'string'
        ? this.facts(where, field, chunkArgs, columns)
        : this.factsAt(where, field, chunkArgs, columns);
    });
  }
}

/** Keys in chunks a system accepts, a few chunks at a time, the rows joined in chunk order. */
async function inChunks<R>(keys: readonly string[], read: (chunk: string[]) => Promise<R[]>): Promise<R[]> {
  const chunks: string[][] = [];
  for (let i = 0; i < keys.length; i += MAX_KEYS_PER_FACTS_CALL)
    chunks.push(keys.slice(i, i + MAX_KEYS_PER_FACTS_CALL));
  const out: R[] = [];
  const parallel = 4;
  for (let i = 0; i < chunks.length; i += parallel) {
    const results = await Promise.all(chunks.slice(i, i + parallel).map(read));
    for (const rows of results) for (const row of rows) out.push(row);
  }
  return out;
}
