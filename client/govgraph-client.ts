import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type GraphQLFormattedError } from 'graphql';

/** Where and as whom to ask: the gateway's /graphql, a bearer token, and the purpose when a field needs one. */
export interface GovgraphEndpoint {
  url: string;
  token?: string;
  /** x-govgraph-purpose: "<case number>; <text>" (ASCII, or percent-encoded). */
  purpose?: string;
}

/** A typed answer: data shaped by the operation, and the errors of fields withheld or unavailable. */
export interface GovgraphResult<R> {
  data: R | null;
  errors: GraphQLFormattedError[];
}

/**
 * Runs one of the named operations (schema/operations/, typed by codegen into client/generated/):
 * the result's type follows the operation's selection, its variables are checked at compile time.
 */
export async function execute<R, V extends Record<string, unknown>>(
  endpoint: GovgraphEndpoint,
  document: TypedDocumentNode<R, V>,
  variables: V,
): Promise<GovgraphResult<R>> {
  const response = await fetch(endpoint.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(endpoint.token ? { authorization: `Bearer ${endpoint.token}` } : {}),
      ...(endpoint.purpose ? { 'x-govgraph-purpose': endpoint.purpose } : {}),
    },
    body: JSON.stringify({ query: print(document), variables }),
  });
  const body = (await response.json()) as { data?: R | null; errors?: GraphQLFormattedError[] };
  return { data: body.data ?? null, errors: body.errors ?? [] };
}
