import http from 'node:http';
import https from 'node:https';
import type { ExecutionResult } from '@graphql-tools/utils';

import { signRequest, subgraphSigningKey } from '../../../common/gateway-signature';
import { traceHeaders } from '../../../common/telemetry/tracing';
import type { GatewayContext } from '../gateway-context';
import { SubgraphFailure } from '../resilience/subgraph-failure';
import { postJson, postTarget } from './post-json';
import type { SubgraphCall, SubgraphSend, SubgraphTarget } from './subgraph-call';

type Answer = { status: number; text: string };

/** A subgraph's answer text as a GraphQL result, or the failure it is (retried like a lost connection). */
function asResult({ status, text }: Answer): ExecutionResult {
  // Subgraphs answer 401 only to a call whose signature they refuse: this gateway's secret is not (or no
  // longer) theirs. Not the caller's token: they get SUBGRAPH_UNAVAILABLE, and no attempt is repeated.
  if (status === 401)
    throw new SubgraphFailure(
      "refused the gateway signature (its GATEWAY_SIGNING_SECRET is not this subgraph's)",
      true,
    );
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new SubgraphFailure(`answered with a body that is not a GraphQL result (HTTP ${status}, not JSON)`);
  }
  if (!body || typeof body !== 'object' || (!('data' in body) && !('errors' in body)))
    throw new SubgraphFailure('answered with a body that is not a GraphQL result');
  return body as ExecutionResult;
}

/**
 * The innermost step of every subgraph call, in order: parse the answer; send identical queries in flight
 * at once (same caller, same body) once, each waiter parsing its own copy (answers are masked in place
 * afterwards); sign the body with the caller's access context; POST over a keep-alive connection, with
 * the call's budget and a cap on answer size.
 */
export function subgraphTransport(
  target: SubgraphTarget,
  signingSecret: string,
  maxResponseBytes: number,
): SubgraphSend {
  const url = new URL(target.endpoint);
  // A regional node has a key of its own: what is signed for one node is refused by every other.
  const key = subgraphSigningKey(signingSecret, target.node?.id ?? target.name);
  const agent = new (url.protocol === 'https:' ? https.Agent : http.Agent)({ keepAlive: true, maxSockets: 256 });
  const inflight = new Map<string, Promise<Answer>>();
  const destination = postTarget(url, agent);

  const post = (call: SubgraphCall): Promise<Answer> =>
    postJson(destination, call.body, {
      headers: Object.assign(
        signRequest(key, { method: 'POST', path: url.pathname, access: call.access, body: call.body }),
        // The subgraph's server span continues the request's span (as the exported traces join them).
        traceHeaders((call.request.context as Partial<GatewayContext> | undefined)?.span),
      ),
      timeoutMs: call.budgetMs,
      maxBytes: maxResponseBytes,
    });

  const deduplicated = (call: SubgraphCall): Promise<Answer> => {
    if (call.request.operationType !== 'query') return post(call);
    const dedupe = `${call.access}\n${call.body}`;
    let shared = inflight.get(dedupe);
    if (!shared) {
      inflight.set(dedupe, (shared = post(call)));
      void shared.then(
        () => inflight.delete(dedupe),
        () => inflight.delete(dedupe),
      );
    }
    return shared;
  };

  return async (call) => asResult(await deduplicated(call));
}
