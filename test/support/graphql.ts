export interface GraphqlResponse<T> {
  data?: T;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: { code?: string; [key: string]: unknown } }>;
}

/** Where to send a request: a URL (anonymous), or a URL with the caller's headers (token, purpose). */
export type GraphqlTarget = string | { url: string; headers?: Record<string, string> };

/** One GraphQL request over real HTTP. */
export async function gql<T = Record<string, any>>(target: GraphqlTarget, query: string, variables?: Record<string, unknown>): Promise<GraphqlResponse<T>> {
  const { url, headers } = typeof target === 'string' ? { url: target, headers: {} } : target;
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphqlResponse<T>;
}

/** A request that must succeed: fails the test with the server's errors otherwise. */
export async function gqlData<T = Record<string, any>>(target: GraphqlTarget, query: string, variables?: Record<string, unknown>): Promise<T> {
  const result = await gql<T>(target, query, variables);
  if (result.errors?.length || !result.data) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
  return result.data;
}
