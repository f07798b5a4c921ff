import { createHash } from 'node:crypto';
import type http from 'node:http';
import type { Request } from 'express';
import {
  getOperationAST,
  GraphQLError,
  parse,
  print,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
} from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { getVariableValues } from 'graphql/execution/values';
import { WebSocketServer } from 'ws';

import { ErrorCode } from '../../../common/errors';
import { encodeAccess } from '../../../common/gateway-signature';
import { logger } from '../../../common/logger';
import { AccessPlans } from '../access/access-plans';
import { applyPlan, withholdSensitive } from '../access/apply-plan';
import type { AccessPlan } from '../access/plan-access';
import type { GatewayContext } from '../gateway-context';
import type { LiveGraph } from '../graph/live-graph';
import { countTokens, measureOperation } from '../limits/measure-operation';
import { operationCost } from '../limits/operation-cost';
import { limitsFor, overLimit } from '../limits/query-limits';
import type { RequestAccess } from '../request-path';
import { mustLog, writeRecord } from '../stages/access-log';
import { withErrors } from '../stages/operation-stage';
import { subgraphAccessOf } from '../subgraph-calls/caller-access';
import type { GatewayMetrics } from '../telemetry/gateway-metrics';
import { forwardSubscription } from './forward-subscription';
import { SubscriptionRoutes, type SubscriptionTarget } from './subscription-routes';

/** What one subscription carries from subscribe to its events. */
interface Subscribed {
  context: GatewayContext;
  plan: AccessPlan;
  target: SubscriptionTarget;
  document: DocumentNode;
  variables: Record<string, unknown>;
  operationName: string | null;
  queryHash: string;
}

const refusal = (message: string, code: string) => [new GraphQLError(message, { extensions: { code } })];

/**
 * Subscriptions (graphql-ws at the gateway's /graphql), under the same access decisions as queries:
 * the token (connection_init payload `authorization`) and purpose (`x-govgraph-purpose`) give the
 * access context, each operation is validated and decided before anything is forwarded, the subgraph
 * that serves the field gets the cut operation signed with the caller's context (and filters events by
 * its region scope), and every event is masked and logged as a query's answer would be, or withheld
 * if its record cannot be written.
 */
export function subscriptionEndpoint(options: {
  graph: LiveGraph;
  access: RequestAccess;
  /** The caller's context from the connection's headers, exactly as for an HTTP request. */
  createContext: (req: Request) => Promise<GatewayContext>;
  signingSecret: string;
  metrics: GatewayMetrics | undefined;
}): (httpServer: http.Server) => { close(): Promise<void> } {
  const { access } = options;
  const plans = new AccessPlans(access.policy);
  const routes = new SubscriptionRoutes();
  const contexts = new WeakMap<object, GatewayContext>();

  const onSubscribe = async (
    ctx: object,
    payload: { query: string; variables?: Record<string, unknown> | null; operationName?: string | null },
  ) => {
    const context = contexts.get(ctx);
    if (!context) return refusal('connect with a token first', ErrorCode.UNAUTHENTICATED);
    const graph = options.graph.served;
    const limits = limitsFor(access.policy, context.access.principal);
    let document: DocumentNode;
    try {
      document = parse(payload.query, { maxTokens: limits.tokens + 1 });
    } catch (error) {
      return [error as GraphQLError];
    }
    const errors = validate(graph.schema, document);
    if (errors.length) return errors;
    const operation = getOperationAST(document, payload.operationName ?? undefined);
    if (!operation) return refusal('name the operation to run', ErrorCode.BAD_USER_INPUT);
    if (operation.operation !== 'subscription')
      return refusal(
        'over WebSocket the gateway serves subscriptions; send queries and mutations over HTTP',
        ErrorCode.BAD_USER_INPUT,
      );
    const coerced = getVariableValues(graph.schema, operation.variableDefinitions ?? [], payload.variables ?? {});
    if (coerced.errors) return coerced.errors;
    // The same query limits as over HTTP: depth, aliases, tokens, cost.
    const tooComplex = overLimit(
      {
        ...measureOperation(document, operation),
        tokens: countTokens(payload.query),
        cost: operationCost(graph.schema, graph.costModel, document, operation, coerced.coerced),
      },
      limits,
    );
    if (tooComplex) return [tooComplex];
    const plan = plans.planFor({
      schema: graph.schema,
      rules: graph.rules,
      access: context.access,
      document,
      operation,
      variables: coerced.coerced,
    });
    if (access.mode === 'strict' && plan.withheld.length)
      return plan.withheld.map(
        (w) => new GraphQLError(w.message, { extensions: { code: w.code, coordinate: w.coordinate } }),
      );
    const field = operation.selectionSet.selections[0];
    const target = field?.kind === 'Field' ? routes.targetOf(graph, field.name.value) : null;
    if (!target) return refusal('no subgraph serves this subscription', ErrorCode.BAD_USER_INPUT);
    const subscribed: Subscribed = {
      context,
      plan,
      target,
      document: plan.document,
      variables: payload.variables ?? {},
      operationName: operation.name?.value ?? null,
      queryHash: createHash('sha256').update(payload.query).digest('hex'),
    };
    return { schema: graph.schema, document, contextValue: subscribed } satisfies ExecutionArgs;
  };

  /** Each event, as a query's answer: withheld fields null with their errors, masks applied, the read logged. */
  const governed = async (subscribed: Subscribed, event: ExecutionResult): Promise<ExecutionResult> => {
    const applied = applyPlan(event.data as never, subscribed.plan, access.masker);
    const result = withErrors(event, applied.errors);
    if (!mustLog(subscribed.plan)) return result;
    try {
      await writeRecord(access.log, options.metrics, {
        context: subscribed.context,
        request: { operationName: subscribed.operationName, queryHash: subscribed.queryHash },
        plan: subscribed.plan,
        entities: applied.entities,
      });
      return result;
    } catch (error) {
      logger.error(
        { err: (error as Error).message },
        'access log unavailable: withholding SENSITIVE and RESTRICTED data',
      );
      return withErrors(result, withholdSensitive(result.data as never, subscribed.plan));
    }
  };

  async function* events(subscribed: Subscribed): AsyncGenerator<ExecutionResult> {
    const upstream = forwardSubscription(subscribed.target, options.signingSecret, {
      access: encodeAccess(subgraphAccessOf(subscribed.context)),
      query: print(subscribed.document),
      variables: subscribed.variables,
    });
    try {
      for (;;) {
        let next: IteratorResult<ExecutionResult>;
        try {
          next = await upstream.next();
        } catch (error) {
          yield { errors: upstreamErrors(subscribed.target.name, error) };
          return;
        }
        if (next.done) return;
        yield await governed(subscribed, next.value);
      }
    } finally {
      await upstream.return?.();
    }
  }

  return (httpServer) => {
    const sockets = new WebSocketServer({ server: httpServer, path: '/graphql' });
    const server = useServer(
      {
        onConnect: async (ctx) => {
          const params = (ctx.connectionParams ?? {}) as Record<string, unknown>;
          const header = (name: string) => (typeof params[name] === 'string' ? (params[name] as string) : undefined);
          const authorization = header('authorization') ?? header('Authorization');
          if (!authorization) return false; // 4403: subscriptions need a token
          try {
            const req = {
              headers: { authorization, 'x-govgraph-purpose': header('x-govgraph-purpose') },
            } as unknown as Request;
            contexts.set(ctx, await options.createContext(req));
            return true;
          } catch {
            return false;
          }
        },
        onSubscribe: (ctx, _id, payload) => onSubscribe(ctx, payload),
        subscribe: async (args) => events(args.contextValue as Subscribed),
      },
      sockets,
    );
    return {
      async close() {
        await server.dispose();
        await new Promise<void>((done) => sockets.close(() => done()));
      },
    };
  };
}

/** The subgraph's own refusal or a lost connection, as an error the subscriber can act on. */
function upstreamErrors(subgraph: string, error: unknown): GraphQLError[] {
  if (Array.isArray(error))
    return error.map(
      (e: { message?: string; extensions?: Record<string, unknown> }) =>
        new GraphQLError(String(e.message ?? 'refused'), {
          extensions: {
            code:
              e.extensions?.['code'] === ErrorCode.UNAUTHENTICATED
                ? ErrorCode.SUBGRAPH_UNAVAILABLE
                : ErrorCode.BAD_USER_INPUT,
            subgraph,
          },
        }),
    );
  return [
    new GraphQLError(`${subgraph} is unavailable: the subscription ended`, {
      extensions: { code: ErrorCode.SUBGRAPH_UNAVAILABLE, subgraph },
    }),
  ];
}
