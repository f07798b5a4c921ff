import type { Masker } from '../access/masker';
import type { ResponseCache } from '../cache/response-cache';
import type { GatewayMetrics } from '../telemetry/gateway-metrics';
import type { OperationStage } from './operation-stage';

/**
 * Whole answers reused within one access context (ACCESS_MODE=enforce). It stands outside the access
 * log: an answer is kept only once its record is written, and only a complete one (no subgraph failed).
 * A hit is answered by `cachedAnswer`, inside the log, so that it is logged like a fresh read.
 */
export const responseCache =
  (cache: ResponseCache, masker: Masker, metrics: GatewayMetrics | undefined): OperationStage =>
  async (op, next) => {
    const { request, context } = op;
    const ttl = cache.applies(context.access) ? cache.ttlOf(request.schema, request.document, op.operation) : 0;
    if (ttl <= 0) return next();
    const key = cache.key(
      op.graph.version,
      request.source,
      request.operationName,
      op.variables,
      context.access,
      masker.epoch(),
    );
    const hit = await cache.get(key);
    metrics?.cache.inc({ result: hit ? 'hit' : 'miss' });
    if (hit) op.cached = hit;
    const result = await next();
    if (!hit && op.logged && !op.partial) {
      await cache.set(key, ttl, { data: result.data ?? null, errors: result.errors ?? [], entities: op.entities });
    }
    return result;
  };

/** Answers from the cache when `responseCache` found the answer: already cut and masked for this context. */
export const cachedAnswer: OperationStage = async (op, next) => {
  const hit = op.cached;
  if (!hit) return next();
  op.entities = hit.entities;
  return hit.errors.length ? { data: hit.data, errors: hit.errors } : { data: hit.data };
};
