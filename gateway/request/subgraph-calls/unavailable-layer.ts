import { GraphQLError } from 'graphql';

import { ErrorCode } from '../../../common/errors';
import { SubgraphFailure } from '../resilience/subgraph-failure';
import type { SubgraphLayer } from './subgraph-call';

/**
 * A failure never throws: it becomes a SUBGRAPH_UNAVAILABLE error for the fields this subgraph was to
 * answer, so the rest of the response still arrives.
 */
export const unavailableLayer: SubgraphLayer =
  (next, { name, node }) =>
  async (call) => {
    try {
      return await next(call);
    } catch (error) {
      const reason =
        error instanceof SubgraphFailure
          ? error.reason
          : (error as { code?: string }).code === 'EOPENBREAKER'
            ? 'circuit open after repeated failures'
            : 'call failed';
      return {
        errors: [
          new GraphQLError(`Subgraph "${name}"${node ? ` (${node.regionCode})` : ''} is unavailable: ${reason}`, {
            extensions: {
              code: ErrorCode.SUBGRAPH_UNAVAILABLE,
              subgraph: name,
              ...(node ? { regions: [node.regionCode] } : {}),
            },
          }),
        ],
      };
    }
  };
