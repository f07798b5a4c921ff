import { makeExecutableSchema } from '@graphql-tools/schema';
import { composeServices } from '@theguild/federation-composition';
import { graphql, parse } from 'graphql';

import type { FederationFixture } from '../../integration/federation/fixture';
import type { Answer } from './compare-answers';

export type Oracle = (operation: { query: string; variables?: Record<string, unknown> }) => Promise<Answer>;

/** The API schema clients of a fixture's composed graph see (its public SDL). */
export function publicSdlOf(fixture: FederationFixture): string {
  const composed = composeServices(
    fixture.subgraphs.map((s) => ({ name: s.name, url: `http://${s.name}.invalid`, typeDefs: parse(s.sdl) })),
  );
  if (composed.errors?.length || !composed.publicSdl)
    throw new Error(`composition failed: ${composed.errors?.map((e) => e.message).join('; ')}`);
  return composed.publicSdl;
}

/**
 * A fixture's oracle, when it has one: its data served by one plain schema (the composed API schema
 * with the fixture's oracle resolvers), executed in-process by graphql-js; the answer as JSON.
 */
export function oracleOf(fixture: FederationFixture, publicSdl = publicSdlOf(fixture)): Oracle | undefined {
  if (!fixture.oracle) return undefined;
  const schema = makeExecutableSchema({ typeDefs: publicSdl, resolvers: fixture.oracle as never });
  return async ({ query, variables }) =>
    JSON.parse(JSON.stringify(await graphql({ schema, source: query, variableValues: variables ?? {} }))) as Answer;
}
