import { readFileSync } from 'node:fs';
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type express from 'express';
import type { ParseOptions } from 'graphql';

import { documentCache } from './document-cache';
import { formatError } from './format-error';
import type { ExtraEndpoint } from './http-server';
import { schemaFile } from './paths';

/**
 * A GraphQL API beside the graph (registry admin, access governance): its schema from
 * schema/<name>.graphql, the same error formatting and CSRF protection as the graph, mounted at `path`.
 */
export async function graphqlEndpoint<C extends BaseContext>(options: {
  path: string;
  schema: string;
  resolvers: object;
  /** Who is asking; throw (e.g. `unauthenticated` from errors.ts) to refuse. */
  context: (req: express.Request) => Promise<C>;
  /** The query limits the graph's own endpoint applies (gateway/request/limits/side-api-limits.ts). */
  limits: { plugins: ApolloServerPlugin<BaseContext>[]; parseOptions: ParseOptions };
}): Promise<ExtraEndpoint> {
  const typeDefs = readFileSync(schemaFile(options.schema), 'utf8');
  const apollo = new ApolloServer<C>({
    schema: makeExecutableSchema({ typeDefs, resolvers: options.resolvers as Record<string, never> }),
    // Every process that serves closes its servers on SIGINT/SIGTERM itself (common/cli.ts closeOnSignals);
    // Apollo's own handler, one per server, would race it (and warn past ten servers in one process).
    stopOnTerminationSignals: false,
    csrfPrevention: true,
    documentStore: documentCache(),
    includeStacktraceInErrorResponses: false,
    formatError,
    plugins: options.limits.plugins,
    parseOptions: options.limits.parseOptions,
  });
  await apollo.start();
  return {
    path: options.path,
    handler: expressMiddleware(apollo, { context: ({ req }) => options.context(req) }),
    close: () => apollo.stop(),
  };
}
