import {
  DEV_SIGNING_SECRET,
  encodeAccess,
  signRequest,
  subgraphSigningKey,
  type SubgraphAccess,
} from '../../common/gateway-signature';
import type { GraphqlTarget } from './graphql';

/** The access context of a test calling a subgraph as the gateway would for a province-wide supervisor (the dataset is one province). */
const PROVINCE_WIDE: SubgraphAccess = {
  user: 'test',
  roles: ['supervisor'],
  clearance: 'RESTRICTED',
  regions: ['320000'],
  purpose: null,
};

/**
 * A subgraph called directly the way the gateway calls it: each request signed with the subgraph's
 * key (derived from the dev secret, as the test subgraphs derive it). Tests of subgraph behaviour use
 * this; the security tests show that without it a subgraph answers nothing.
 */
export function asGateway(
  subgraph: string,
  url: string,
  access: Partial<SubgraphAccess> = {},
): Exclude<GraphqlTarget, string> & { sign: (body: string) => Record<string, string> } {
  const key = subgraphSigningKey(DEV_SIGNING_SECRET, subgraph);
  return {
    url,
    sign: (body) =>
      signRequest(key, {
        method: 'POST',
        path: new URL(url).pathname,
        access: encodeAccess({ ...PROVINCE_WIDE, ...access }),
        body,
      }),
  };
}
