/**
 * The two cheap, in-memory Federation v2 subgraphs the gateway benchmark runs against (benchmarks.md):
 * `people` (50 Person with a team of three each) and `payroll` (Person's salary and monthly payments).
 * Inline tracing is off, so every gateway pays the same subgraph cost.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { parse } from 'graphql';

export const PEOPLE_SDL = `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
"""
The 50 people. \`seed\` is ignored: a benchmark sends a different one with each request, so that no
gateway can answer concurrent requests by one subgraph call.
"""
type Query { people(seed: String): [Person!]! }
type Person @key(fields: "id") {
  id: ID!
  name: String!
  idNumber: String!
  "Three colleagues."
  team: [Person!]!
}`;

export const PAYROLL_SDL = `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
type Person @key(fields: "id") {
  id: ID!
  salary: Int!
  payments(last: Int = 3): [Payment!]!
}
type Payment { month: String! amount: Int! }`;

const PEOPLE = Array.from({ length: 50 }, (_, i) => ({
  id: `p${i + 1}`,
  name: `Person ${i + 1}`,
  idNumber: `3205${String(100000000000 + i * 7919).slice(0, 12)}${i % 10}X`.slice(0, 18),
}));
const byId = new Map(PEOPLE.map((p) => [p.id, p]));

const peopleResolvers = {
  Query: { people: () => PEOPLE },
  Person: {
    __resolveReference: (ref: { id: string }) => byId.get(ref.id),
    team: (p: { id: string }) => [1, 2, 3].map((k) => PEOPLE[(Number(p.id.slice(1)) - 1 + k) % PEOPLE.length]),
  },
};

const payrollResolvers = {
  Person: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    salary: (p: { id: string }) => 5000 + Number(p.id.slice(1)) * 10,
    payments: (p: { id: string }, args: { last: number }) =>
      Array.from({ length: Math.min(args.last, 12) }, (_, k) => ({
        month: `2026-${String(12 - k).padStart(2, '0')}`,
        amount: 5000 + Number(p.id.slice(1)) * 10 + k,
      })),
  },
};

export interface ServedBenchSubgraphs {
  urls: { people: string; payroll: string };
  /** Requests each has answered since the last reset. */
  counts(): { people: number; payroll: number };
  reset(): void;
  /** Resolves once no request has arrived for 300 ms (the last load's stragglers are done). */
  settled(): Promise<void>;
  close(): Promise<void>;
}

async function serve(sdl: string, resolvers: object, counter: { n: number }) {
  const app = express();
  const server = http.createServer(app);
  const apollo = new ApolloServer({
    schema: buildSubgraphSchema({ typeDefs: parse(sdl), resolvers: resolvers as never }),
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  await apollo.start();
  app.use(
    '/graphql',
    (_req, _res, next) => {
      counter.n++;
      next();
    },
    express.json(),
    expressMiddleware(apollo),
  );
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    close: async () => {
      await apollo.stop();
      server.close();
    },
  };
}

export async function serveBenchSubgraphs(): Promise<ServedBenchSubgraphs> {
  const people = { n: 0 };
  const payroll = { n: 0 };
  const [a, b] = await Promise.all([
    serve(PEOPLE_SDL, peopleResolvers, people),
    serve(PAYROLL_SDL, payrollResolvers, payroll),
  ]);
  return {
    urls: { people: a.url, payroll: b.url },
    counts: () => ({ people: people.n, payroll: payroll.n }),
    reset: () => void (people.n = payroll.n = 0),
    async settled() {
      for (let last = -1; last !== people.n + payroll.n;) {
        last = people.n + payroll.n;
        await new Promise((done) => setTimeout(done, 300));
      }
    },
    close: async () => void (await Promise.all([a.close(), b.close()])),
  };
}
