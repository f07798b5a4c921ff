import http from 'node:http';
import https from 'node:https';

import { SubgraphFailure } from '../resilience/subgraph-failure';

export interface PostOptions {
  headers: Record<string, string>;
  timeoutMs: number;
  maxBytes: number;
}

/** Where to POST: the URL taken apart once (http.request would parse a URL object on every call). */
export function postTarget(url: URL, agent: http.Agent): http.RequestOptions {
  return {
    protocol: url.protocol,
    hostname: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port || (url.protocol === 'https:' ? 443 : 80),
    path: `${url.pathname}${url.search}`,
    method: 'POST',
    agent,
  };
}

/**
 * POSTs a JSON body over a keep-alive connection and returns the answer's text. Answers larger than
 * `maxBytes` are cut off and refused (counting as they stream, whatever Content-Length says); time-outs
 * and network errors become SubgraphFailure with a short reason.
 */
export function postJson(
  target: http.RequestOptions,
  body: string,
  options: PostOptions,
): Promise<{ status: number; text: string }> {
  const send = target.protocol === 'https:' ? https.request : http.request;
  const headers = {
    ...options.headers,
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
  };
  return new Promise((resolve, reject) => {
    const request = send({ ...target, headers }, (response) => {
      const declared = Number(response.headers['content-length'] ?? 0);
      if (declared > options.maxBytes) {
        reject(new SubgraphFailure(`answer of ${declared} bytes exceeds the ${options.maxBytes}-byte limit`, true));
        response.destroy();
        return;
      }
      const chunks: Buffer[] = [];
      let total = 0;
      response.on('data', (chunk: Buffer) => {
        total += chunk.byteLength;
        if (total > options.maxBytes) {
          reject(new SubgraphFailure(`answer exceeds the ${options.maxBytes}-byte limit`, true));
          response.destroy();
          return;
        }
        chunks.push(chunk);
      });
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
      );
      response.on('error', () => reject(new SubgraphFailure('answer cut off', false)));
      response.on('aborted', () => reject(new SubgraphFailure('answer cut off', false)));
    });
    // Over the whole budget, not only while idle: a subgraph trickling bytes is as late as a silent one
    // (so no idle timeout besides: one timer per call).
    const deadline = setTimeout(() => request.destroy(new SubgraphFailure('timed out', true)), options.timeoutMs);
    request.on('close', () => clearTimeout(deadline));
    request.on('error', (error: Error & { code?: string }) => {
      reject(
        error instanceof SubgraphFailure
          ? error
          : new SubgraphFailure(`connection failed${error.code ? ` (${error.code})` : ''}`, false),
      );
    });
    request.end(body);
  });
}
