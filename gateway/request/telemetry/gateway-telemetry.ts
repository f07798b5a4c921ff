import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { RequestHandler } from 'express';
import { Kind } from 'graphql';

import { refusalCode } from '../../../common/error-response';
import type { ExtraEndpoint } from '../../../common/http-server';
import { readOperationFiles } from '../../../common/named-operation-files';
import { createTracing, type Tracing } from '../../../common/telemetry/tracing';
import type { Breakers } from '../resilience/breakers';
import { GatewayMetrics } from './gateway-metrics';

/** A gateway's metrics and traces. */
export interface GatewayTelemetry {
  metrics: GatewayMetrics;
  tracing: Tracing;
}

/** Metrics labelled by the graph's own named operations; traces to OTEL_EXPORTER_OTLP_ENDPOINT (or `exporter`). */
export function createGatewayTelemetry(breakers: Breakers, exporter?: SpanExporter): GatewayTelemetry {
  const names = readOperationFiles().flatMap(({ document }) =>
    document.definitions.flatMap((d) => (d.kind === Kind.OPERATION_DEFINITION && d.name ? [d.name.value] : [])),
  );
  return {
    metrics: new GatewayMetrics(new Set(names), breakers),
    tracing: createTracing('govgraph-gateway', exporter),
  };
}

/** GET /metrics in Prometheus text format. */
export function metricsEndpoint(metrics: GatewayMetrics): ExtraEndpoint {
  return {
    path: '/metrics',
    handler: (req, res, next) => {
      if (req.method !== 'GET') return next();
      metrics.registry.metrics().then((text) => res.type(metrics.registry.contentType).send(text), next);
    },
    close: async () => undefined,
  };
}

/** Counts the refusals answered before GraphQL runs (body size, rate limits, persisted operations): they leave their code in res.locals. */
export function countRefusals(metrics: GatewayMetrics): RequestHandler {
  return (_req, res, next) => {
    res.on('finish', () => {
      const code = refusalCode(res);
      if (code) metrics.errors.inc({ code });
    });
    next();
  };
}
