import { z } from 'zod';
import { parseConfig } from '../common/config';
import { SUBGRAPH_NAMES, SUBGRAPHS, type SubgraphName } from '../common/subgraph-catalog';
import type { SubgraphSource } from './composition/subgraph-source';

const schema = z.object({
  /** Address to bind (default 127.0.0.1). */
  host: z.string().min(1).default('127.0.0.1'),
  /** Port of /graphql (default 4000). */
  port: z.coerce.number().int().min(0).max(65535).default(4000),
  /** Host where the five shipped subgraphs listen (default 127.0.0.1); each URL can be overridden. */
  subgraphHost: z.string().min(1).default('127.0.0.1'),
  /** Per-subgraph URL overrides, from SUBGRAPH_<NAME>_URL. */
  subgraphUrls: z.record(z.string(), z.url({ protocol: /^https?$/ })),
});
export type GatewayConfig = z.infer<typeof schema>;

const envName = (name: SubgraphName) => `SUBGRAPH_${name.toUpperCase().replace(/-/g, '_')}_URL`;

/** Reads the gateway's settings from the environment once, at start. */
export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const urls: Record<string, string> = {};
  for (const name of SUBGRAPH_NAMES) {
    const value = env[envName(name)];
    if (value) urls[name] = value;
  }
  return parseConfig(
    schema,
    { host: env['GATEWAY_HOST'] || undefined, port: env['GATEWAY_PORT'] || undefined, subgraphHost: env['SUBGRAPH_HOST'] || undefined, subgraphUrls: urls },
    { host: 'GATEWAY_HOST', port: 'GATEWAY_PORT', subgraphHost: 'SUBGRAPH_HOST', subgraphUrls: 'SUBGRAPH_<NAME>_URL' },
  );
}

/** The shipped subgraphs at their configured addresses. */
export function shippedSubgraphs(config: GatewayConfig): SubgraphSource[] {
  return SUBGRAPH_NAMES.map((name) => ({
    name,
    url: config.subgraphUrls[name] ?? `http://${config.subgraphHost}:${SUBGRAPHS[name].port}/graphql`,
    federated: SUBGRAPHS[name].federated,
  }));
}
