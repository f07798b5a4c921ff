import { GraphQLError } from 'graphql';

import { ErrorCode } from '../../common/errors';
import { MAX_KEYS_PER_FACTS_CALL } from '../../common/fact-limits';
import { fromFactTable, type FactTable } from '../../common/fact-table';
import { encodeAccess, SIGNATURE_HEADERS, type SubgraphAccess } from '../../common/gateway-signature';
import { signingFetch } from '../../common/signing-fetch';
import type { SubgraphName } from '../../common/subgraph-catalog';

/** Where the supervision subgraph reaches each departmental system. */
export type SourceEndpoints = Record<SubgraphName, string>;

export interface SourceOptions {
  endpoints: SourceEndpoints;
  /** The gateway's signing secret: each system's key derives from it (the supervision subgraph is part of the gateway's trust). */
  signingSecret: string;
  /** Budget of one call to a system, in ms. */
  timeoutMs: number;
}

/** A variable of a facts call: its GraphQL type and value (null and undefined are left out). */
export type FactArgs = Record<string, { type: string; value: unknown }>;

/** Calls fail as SUBGRAPH_UNAVAILABLE naming the system; a system's refusal of an argument stays BAD_USER_INPUT. */
function sourceError(source: string, message: string, code: string = ErrorCode.SUBGRAPH_UNAVAILABLE): GraphQLError {
  return new GraphQLError(
    code === ErrorCode.SUBGRAPH_UNAVAILABLE ? `supervision could not read "${source}": ${message}` : message,
    {
      extensions: { code, subgraph: source },
    },
  );
}

/**
 * The departmental systems as one caller sees them: every call carries that caller's verified access
 * context (user, roles, region scope, purpose), so each system filters its rows exactly as it would
 * for the gateway, and nothing the caller could not read reaches a check.
 */
export class Sources {
  private readonly fetches = new Map<SubgraphName, typeof fetch>();
  private readonly accessHeader: string;

  constructor(
    private readonly options: SourceOptions,
    access: SubgraphAccess,
  ) {
    this.accessHeader = encodeAccess(access);
  }

  async query<T>(source: SubgraphName, query: string, variables: Record<string, unknown>): Promise<T> {
    let fetcher = this.fetches.get(source);
    if (!fetcher) this.fetches.set(source, (fetcher = signingFetch(this.options.signingSecret, source)));
    let response: Response;
    try {
      response = await fetcher(this.options.endpoints[source], {
        method: 'POST',
        headers: { 'content-type': 'application/json', [SIGNATURE_HEADERS.access]: this.accessHeader },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      throw sourceError(source, (error as Error).name === 'TimeoutError' ? 'timed out' : 'connection failed');
    }
    let body: { data?: T | null; errors?: Array<{ message: string; extensions?: { code?: string } }> };
    try {
      body = (await response.json()) as typeof body;
    } catch {
      throw sourceError(source, `answered HTTP ${response.status} with a body that is not JSON`);
    }
    const refused = body.errors?.find((e) => e.extensions?.code === ErrorCode.BAD_USER_INPUT);
    if (refused) throw sourceError(source, refused.message, ErrorCode.BAD_USER_INPUT);
    if (body.errors?.length || !body.data)
      throw sourceError(source, body.errors?.[0]?.message ?? `answered HTTP ${response.status} without data`);
    return body.data;
  }

  /** One bulk-facts field of a system, read back as objects with the columns asked for. */
  async facts<C extends string>(
    source: SubgraphName,
    field: string,
    args: FactArgs,
    columns: readonly C[],
  ): Promise<Array<Record<C, unknown>>> {
    const given = Object.entries(args).filter(([, a]) => a.value !== null && a.value !== undefined);
    const declared = given.map(([name, a]) => `$${name}: ${a.type}`).join(', ');
    const passed = given.map(([name]) => `${name}: $${name}`).join(', ');
    const query = `query SupervisionFacts${declared ? `(${declared})` : ''} { facts: ${field}${passed ? `(${passed})` : ''} }`;
    const data = await this.query<{ facts: FactTable }>(
      source,
      query,
      Object.fromEntries(given.map(([name, a]) => [name, a.value])),
    );
    return fromFactTable(data.facts, columns);
  }

  /** The same facts for many keys: sent in chunks the systems accept, a few at a time, results joined. */
  async factsForKeys<C extends string>(
    source: SubgraphName,
    field: string,
    keysArg: string,
    keys: readonly string[],
    args: FactArgs,
    columns: readonly C[],
  ): Promise<Array<Record<C, unknown>>> {
    const chunks: string[][] = [];
    for (let i = 0; i < keys.length; i += MAX_KEYS_PER_FACTS_CALL)
      chunks.push(keys.slice(i, i + MAX_KEYS_PER_FACTS_CALL));
    const out: Array<Record<C, unknown>> = [];
    const parallel = 4;
    for (let i = 0; i < chunks.length; i += parallel) {
      const results = await Promise.all(
        chunks
          .slice(i, i + parallel)
          .map((chunk) => this.facts(source, field, { ...args, [keysArg]: { type: '[ID!]!', value: chunk } }, columns)),
      );
      for (const rows of results) for (const row of rows) out.push(row);
    }
    return out;
  }
}
