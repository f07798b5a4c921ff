import type { RequestHandler } from 'express';

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/** An error shaped as body-parser's (type, status, length, limit), which request-errors.ts answers with a code. */
const bodyError = (type: string, status: number, extra: Record<string, number> = {}) =>
  Object.assign(new Error(type), { type, status, expose: true, ...extra });

/**
 * Reads a JSON request body (UTF-8) of at most `limit` bytes into req.body, and the raw bytes into
 * req.rawBody when asked (the subgraph-signature check needs them). Lighter than express.json on the
 * hot path; the same refusals: entity.too.large (413) by declared or counted length, entity.parse.failed (400).
 */
export function jsonBody(limit: number, keepRaw: boolean): RequestHandler {
  return (req, _res, next) => {
    (req as { body?: unknown }).body = undefined;
    if (req.method !== 'POST' || !JSON_TYPE.test(req.headers['content-type'] ?? '')) return next();
    const declared = Number(req.headers['content-length'] ?? -1);
    if (declared > limit) {
      req.resume();
      return next(bodyError('entity.too.large', 413, { length: declared, limit }));
    }
    const chunks: Buffer[] = [];
    let total = 0;
    let done = false;
    const finish = (error?: Error) => {
      if (done) return;
      done = true;
      next(error);
    };
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      total += chunk.byteLength;
      if (total > limit) {
        req.resume();
        finish(bodyError('entity.too.large', 413, { length: total, limit }));
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', () => finish(bodyError('request.aborted', 400)));
    req.on('end', () => {
      if (done) return;
      const raw = Buffer.concat(chunks);
      if (keepRaw) (req as { rawBody?: Buffer }).rawBody = raw;
      try {
        (req as { body?: unknown }).body = raw.length ? JSON.parse(raw.toString('utf8')) : undefined;
      } catch {
        finish(bodyError('entity.parse.failed', 400));
        return;
      }
      finish();
    });
  };
}
