import {
  ROOT_CONTEXT,
  SpanStatusCode,
  trace,
  type Context,
  type Span,
  type SpanKind,
  type Tracer,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';

const propagator = new W3CTraceContextPropagator();
const headerGetter = {
  get: (carrier: Record<string, unknown>, key: string) => carrier[key] as string | undefined,
  keys: (carrier: Record<string, unknown>) => Object.keys(carrier),
};

export interface Tracing {
  tracer: Tracer;
  /** Sends what is still buffered, then stops. */
  shutdown(): Promise<void>;
}

const NOOP: Tracing = { tracer: trace.getTracer('govgraph-noop'), shutdown: async () => undefined };

/**
 * One tracer per service: spans go to the OTLP endpoint (OTEL_EXPORTER_OTLP_ENDPOINT, or the exporter
 * given), or nowhere. Spans carry names, codes, hashes and timings only: never variable values, answers,
 * tokens or who asked (see the attributes each caller sets).
 */
export function createTracing(service: string, exporter?: SpanExporter, env: NodeJS.ProcessEnv = process.env): Tracing {
  const endpoint = env['OTEL_EXPORTER_OTLP_ENDPOINT'];
  const target =
    exporter ?? (endpoint ? new OTLPTraceExporter({ url: `${endpoint.replace(/\/$/, '')}/v1/traces` }) : null);
  if (!target) return NOOP;
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [new BatchSpanProcessor(target, { scheduledDelayMillis: 200 })],
  });
  return { tracer: provider.getTracer('govgraph'), shutdown: () => provider.shutdown() };
}

/** W3C trace context (traceparent, tracestate) of a span, for the headers of an outgoing call. */
export function traceHeaders(span: Span | undefined): Record<string, string> {
  if (!span) return {};
  const carrier: Record<string, string> = {};
  propagator.inject(trace.setSpan(ROOT_CONTEXT, span), carrier, { set: (c, k, v) => void (c[k] = v) });
  return carrier;
}

/** The caller's trace context from incoming headers (traceparent), as the parent of this service's span. */
export function incomingContext(headers: Record<string, unknown>): Context {
  return propagator.extract(ROOT_CONTEXT, headers, headerGetter);
}

/** A child of `parent` (or a root span). */
export function startSpan(
  tracer: Tracer,
  name: string,
  parent: Span | Context | undefined,
  kind: SpanKind,
  attributes: Record<string, string | number | boolean> = {},
): Span {
  const ctx =
    parent === undefined ? ROOT_CONTEXT : 'spanContext' in parent ? trace.setSpan(ROOT_CONTEXT, parent) : parent;
  return tracer.startSpan(name, { attributes, kind }, ctx);
}

/** The codes of a result's errors, in order ("UNKNOWN" for an error without one). */
export const errorCodes = (
  errors: ReadonlyArray<{ extensions?: Record<string, unknown> | undefined }> | undefined,
): string[] => (errors ?? []).map((e) => String(e.extensions?.['code'] ?? 'UNKNOWN'));

/** Ends a span, marked as failed with the distinct error codes when there are any. */
export function endSpan(span: Span, codes: readonly string[]): void {
  if (codes.length) {
    span.setAttribute('graphql.error.codes', [...new Set(codes)].join(','));
    span.setStatus({ code: SpanStatusCode.ERROR });
  }
  span.end();
}
