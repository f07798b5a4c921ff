import { buildClientSchema, getIntrospectionQuery, printSchema, type IntrospectionQuery } from 'graphql';

import { signingFetch } from '../../../common/signing-fetch';
import type { SubgraphSource } from './subgraph-source';

export class SubgraphFetchError extends Error {
  override name = 'SubgraphFetchError';
}

async function post<T>(source: SubgraphSource, query: string, timeoutMs: number, signingSecret: string): Promise<T> {
  const { url } = source;
  let response: Response;
  try {
    // Signed like every gateway call: the shipped subgraphs answer nothing else, not even their schema.
    response = await signingFetch(signingSecret, source.name)(url, {
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
    throw new SubgraphFetchError(
      `${url} refused the schema query: ${body.errors?.map((e) => e.message).join('; ') ?? `HTTP ${response.status}`}`,
    );
  }
  return body.data;
}

/** The SDL of a subgraph: `_service { sdl }` for Federation subgraphs, introspection for plain ones. */
export async function fetchSubgraphSdl(
  source: SubgraphSource,
  signingSecret: string,
  timeoutMs = 5000,
): Promise<string> {
  if (source.federated) {
    const data = await post<{ _service: { sdl: string } }>(source, '{ _service { sdl } }', timeoutMs, signingSecret);
    return data._service.sdl;
  }
  const data = await post<IntrospectionQuery>(source, getIntrospectionQuery(), timeoutMs, signingSecret);
  return printSchema(buildClientSchema(data));
}

/** Subgraphs already running, as composition takes them: each source with the SDL it serves, fetched at once. */
export function fetchSpecs<S extends SubgraphSource>(
  sources: readonly S[],
  signingSecret: string,
): Promise<Array<S & { sdl: string }>> {
  return Promise.all(
    sources.map(async (source) => ({ ...source, sdl: await fetchSubgraphSdl(source, signingSecret) })),
  );
}

/** Waits for a subgraph that is still starting; gives up after `deadlineMs`. */
export async function fetchSubgraphSdlWhenReady(
  source: SubgraphSource,
  signingSecret: string,
  deadlineMs = 60_000,
): Promise<string> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    try {
      return await fetchSubgraphSdl(source, signingSecret);
    } catch (error) {
      if (Date.now() > until || !(error instanceof SubgraphFetchError)) throw error;
      await new Promise((done) => setTimeout(done, 250));
    }
  }
}
