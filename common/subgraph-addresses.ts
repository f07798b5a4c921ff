import { z } from 'zod';

import { parseConfig } from './config';
import { SHIPPED_SUBGRAPH_NAMES, SHIPPED_SUBGRAPHS, type ShippedSubgraphName } from './subgraph-catalog';

/** Where the shipped subgraphs listen, as the gateway and the supervision subgraph both read it. */
export const subgraphAddressShape = {
  /** Host where the shipped subgraphs listen (default 127.0.0.1); each URL can be overridden. */
  subgraphHost: z.string().min(1).default('127.0.0.1'),
  /** Per-subgraph URL overrides, from SUBGRAPH_<NAME>_URL. */
  subgraphUrls: z.record(z.string(), z.url({ protocol: /^https?$/ })),
};
const addressSchema = z.object(subgraphAddressShape);
export type SubgraphAddresses = z.infer<typeof addressSchema>;

/** The environment variable each setting comes from, for error messages. */
export const SUBGRAPH_ADDRESS_VARIABLES = { subgraphHost: 'SUBGRAPH_HOST', subgraphUrls: 'SUBGRAPH_<NAME>_URL' };

/** The variable that sets a shipped subgraph's URL, e.g. SUBGRAPH_CIVIL_AFFAIRS_URL. */
export const subgraphUrlVariable = (name: ShippedSubgraphName) =>
  `SUBGRAPH_${name.toUpperCase().replace(/-/g, '_')}_URL`;

/** The raw settings from the environment, to validate with `subgraphAddressShape`. */
export function readSubgraphAddresses(env: NodeJS.ProcessEnv): {
  subgraphHost: string | undefined;
  subgraphUrls: Record<string, string>;
} {
  const subgraphUrls: Record<string, string> = {};
  for (const name of SHIPPED_SUBGRAPH_NAMES) {
    const value = env[subgraphUrlVariable(name)];
    if (value) subgraphUrls[name] = value;
  }
  return { subgraphHost: env['SUBGRAPH_HOST'] || undefined, subgraphUrls };
}

export function loadSubgraphAddresses(env: NodeJS.ProcessEnv = process.env): SubgraphAddresses {
  return parseConfig(addressSchema, readSubgraphAddresses(env), SUBGRAPH_ADDRESS_VARIABLES);
}

/** The shipped subgraphs at their configured addresses. */
export function shippedSubgraphSources(
  addresses: SubgraphAddresses,
): Array<{ name: ShippedSubgraphName; url: string; federated: boolean }> {
  return SHIPPED_SUBGRAPH_NAMES.map((name) => ({
    name,
    url: addresses.subgraphUrls[name] ?? `http://${addresses.subgraphHost}:${SHIPPED_SUBGRAPHS[name].port}/graphql`,
    federated: SHIPPED_SUBGRAPHS[name].federated,
  }));
}
