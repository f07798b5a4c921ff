import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';

import { DEV_SIGNING_SECRET } from '../../../common/gateway-signature';
import { projectRoot, schemaFile } from '../../../common/paths';
import { SHIPPED_SUBGRAPH_NAMES, SUBGRAPH_NAMES, SUBGRAPHS } from '../../../common/subgraph-catalog';
import { loadPolicy } from '../../policy/load-policy';
import { governSchema } from '../../request/access/governed-schema';
import { buildGatewaySchema } from '../../request/execution/gateway-schema';
import { Breakers } from '../../request/resilience/breakers';
import { DEFAULT_CALL_POLICY } from '../../request/resilience/call-policy';

/**
 * The graph the gateway builds from a supergraph and the shipped legacy subgraphs (audit stitched
 * in), before grading: what the policy's coverage is checked against.
 */
export function shippedGatewaySchema(supergraphSdl: string): GraphQLSchema {
  const legacy = SUBGRAPH_NAMES.filter((name) => !SUBGRAPHS[name].federated).map((name) => ({
    name,
    url: `http://127.0.0.1:${SUBGRAPHS[name].port}/graphql`,
    sdl: readFileSync(schemaFile(name), 'utf8'),
  }));
  const breakers = new Breakers(DEFAULT_CALL_POLICY.breaker);
  try {
    return buildGatewaySchema(supergraphSdl, legacy, {
      callPolicy: DEFAULT_CALL_POLICY,
      breakers,
      signingSecret: DEV_SIGNING_SECRET,
    }).schema;
  } finally {
    breakers.shutdown();
  }
}

/**
 * The schema front-end teams code against: what the gateway serves from a supergraph and the shipped
 * policy (every field's grade in its description, fields a caller may be refused nullable). Printed to
 * schema/api.graphql, which codegen reads for typed operations.
 */
export function shippedApiSchema(supergraphSdl: string, policyDir = join(projectRoot, 'policies')): string {
  const sdls = SHIPPED_SUBGRAPH_NAMES.map((name) => readFileSync(schemaFile(name), 'utf8'));
  return `${printSchema(lexicographicSortSchema(governSchema(shippedGatewaySchema(supergraphSdl), loadPolicy(policyDir), sdls).schema))}\n`;
}
