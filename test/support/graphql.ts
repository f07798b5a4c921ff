export interface GraphqlResponse<T> {
  data?: T;
  errors?: Array<{
    message: string;
    path?: Array<string | number>;
    extensions?: { code?: string; [key: string]: unknown };
  }>;
  extensions?: Record<string, unknown>;
}

/**
 * Where to send a request: a URL (anonymous), or a URL with the caller's headers (token, purpose), or
 * with headers computed from the body (a gateway signature, for calls straight to a subgraph).
 */
export type GraphqlTarget =
  string | { url: string; headers?: Record<string, string>; sign?: (body: string) => Record<string, string> };

/** One GraphQL request over real HTTP. */
export async function gql<T = Record<string, any>>(
  target: GraphqlTarget,
  query: string,
  variables?: Record<string, unknown>,
): Promise<GraphqlResponse<T>> {
  const { url, headers, sign } = typeof target === 'string' ? { url: target, headers: {}, sign: undefined } : target;
  const body = JSON.stringify({ query, variables });
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers, ...sign?.(body) },
    body,
  });
  return (await response.json()) as GraphqlResponse<T>;
}

/** A request that must succeed: fails the test with the server's errors otherwise. */
export async function gqlData<T = Record<string, any>>(
  target: GraphqlTarget,
  query: string,
  variables?: Record<string, unknown>,
): Promise<T> {
  const result = await gql<T>(target, query, variables);
  if (result.errors?.length || !result.data) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
  return result.data;
}
