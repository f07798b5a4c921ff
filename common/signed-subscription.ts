/**
 * How the gateway signs a subscription it forwards over WebSocket: the method is this marker, the path
 * /graphql, and the body the operation's query and variables as one JSON text, so neither can be
 * changed on the way without the subgraph noticing.
 */
export const SIGNED_SUBSCRIPTION_METHOD = 'SUBSCRIBE';

export const signedCallBody = (query: string, variables: Record<string, unknown>): string =>
  JSON.stringify({ query, variables });
