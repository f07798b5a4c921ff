import { buildClientSchema, getIntrospectionQuery, printSchema, type IntrospectionQuery } from 'graphql';
import type { SubgraphSource } from './subgraph-source';

export class SubgraphFetchError extends Error {
  override name = 'SubgraphFetchError';
}

async function post<T>(url: string, query: string, timeoutMs: number): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new SubgraphFetchError(`${url} is unreachable: ${error instanceof Error ? error.message : String(error)}`);
  }
  const text = await response.text();
  let body: { data?: T; errors?: Array<{ message: string }> };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new SubgraphFetchError(`${url} answered HTTP ${response.status} with a body that is not JSON`);
  }
  if (!body.data || body.errors?.length) {
    throw new SubgraphFetchError(`${url} refused the schema query: ${body.errors?.map((e) => e.message).join('; ') ?? `HTTP ${response.status}`}`);
  }
  return body.data;
}

/** The SDL of a subgraph: `_service { sdl }` for Federation subgraphs, introspection for plain ones. */
export async function fetchSubgraphSdl(source: SubgraphSource, timeoutMs = 5000): Promise<string> {
  if (source.federated) {
    const data = await post<{ _service: { sdl: string } }>(source.url, '{ _service { sdl } }', timeoutMs);
    return data._service.sdl;
  }
  const data = await post<IntrospectionQuery>(source.url, getIntrospectionQuery(), timeoutMs);
  return printSchema(buildClientSchema(data));
}

/** Waits for a subgraph that is still starting; gives up after `deadlineMs`. */
export async function fetchSubgraphSdlWhenReady(source: SubgraphSource, deadlineMs = 60_000): Promise<string> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    try {
      return await fetchSubgraphSdl(source);
    } catch (error) {
      if (Date.now() > until || !(error instanceof SubgraphFetchError)) throw error;
      await new Promise((done) => setTimeout(done, 250));
    }
  }
}
