import { SubgraphFailure } from './subgraph-failure';

/**
 * fetch that refuses answers larger than `maxBytes` (counting as they stream, whatever the
 * Content-Length says) and turns network errors into SubgraphFailure with a short reason.
 */
export function boundedFetch(maxBytes: number): typeof fetch {
  return async (input, init) => {
    let response: Response;
    try {
      response = await fetch(input, init);
    } catch (error) {
      const { name, cause } = error as { name?: string; cause?: { code?: string } };
      // By name, not instanceof: the abort reason is a DOMException from another realm under test runners.
      const timeout = name === 'TimeoutError' || name === 'AbortError';
      throw new SubgraphFailure(timeout ? 'timed out' : `connection failed${cause?.code ? ` (${cause.code})` : ''}`, timeout);
    }
    const declared = Number(response.headers.get('content-length') ?? 0);
    if (declared > maxBytes) {
      await response.body?.cancel();
      throw new SubgraphFailure(`answer of ${declared} bytes exceeds the ${maxBytes}-byte limit`, true);
    }
    const chunks: Uint8Array[] = [];
    let total = 0;
    const reader = response.body?.getReader();
    try {
      for (;;) {
        const chunk = await reader?.read();
        if (!chunk || chunk.done) break;
        total += chunk.value.byteLength;
        if (total > maxBytes) {
          await reader?.cancel();
          throw new SubgraphFailure(`answer exceeds the ${maxBytes}-byte limit`, true);
        }
        chunks.push(chunk.value);
      }
    } catch (error) {
      if (error instanceof SubgraphFailure) throw error;
      throw new SubgraphFailure('answer cut off', false);
    }
    return new Response(Buffer.concat(chunks), { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}
