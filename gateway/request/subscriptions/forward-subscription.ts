import type { ExecutionResult } from 'graphql';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

import { signRequest, subgraphSigningKey } from '../../../common/gateway-signature';
import { SIGNED_SUBSCRIPTION_METHOD, signedCallBody } from '../../../common/signed-subscription';
import type { SubscriptionTarget } from './subscription-routes';

/**
 * One subscription forwarded to the subgraph that serves it, over graphql-ws, signed with the caller's
 * access context like every subgraph call (the signature covers the query and variables). Returning
 * the iterator closes the connection.
 */
export function forwardSubscription(
  target: SubscriptionTarget,
  signingSecret: string,
  call: { access: string; query: string; variables: Record<string, unknown> },
): AsyncIterableIterator<ExecutionResult> {
  const url = new URL(target.endpoint);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const client = createClient({ url: url.href, webSocketImpl: WebSocket, lazy: true, retryAttempts: 0 });
  const govgraph = signRequest(subgraphSigningKey(signingSecret, target.name), {
    method: SIGNED_SUBSCRIPTION_METHOD,
    path: url.pathname,
    access: call.access,
    body: signedCallBody(call.query, call.variables),
  });
  const events = client.iterate({ query: call.query, variables: call.variables, extensions: { govgraph } });
  return {
    async next() {
      try {
        return (await events.next()) as IteratorResult<ExecutionResult>;
      } catch (error) {
        await client.dispose();
        throw error;
      }
    },
    async return() {
      await events.return?.();
      await client.dispose();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
