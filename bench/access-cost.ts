/**
 * The throughput cost of access control and the access log. The same five subgraphs (MariaDB, test
 * scale) and the same composition, served two ways side by side: the governed gateway as deployed
 * (token verification, decide-before-fetch, masking, the hash-chained MariaDB access log) and the bare
 * composed schema with a fixed province-wide context (same signed subgraph calls, no access layer).
 * Load comes from autocannon in its own process; runs are interleaved and repeated.
 */
import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEV_PERSON_KEY_SECRET, type StorageConfig } from '../common/config';
import { DEV_SIGNING_SECRET } from '../common/gateway-signature';
import { startGraphqlServer, type RunningServer } from '../common/http-server';
import { SUBGRAPH_NAMES, SUBGRAPHS } from '../common/subgraph-catalog';
import { ANONYMOUS } from '../gateway/auth/principal';
import type { GatewayContext } from '../gateway/access/governed-executor';
import { buildGatewaySchema } from '../gateway/execution/gateway-schema';
import { Breakers } from '../gateway/resilience/breakers';
import { DEFAULT_CALL_POLICY } from '../gateway/resilience/call-policy';
import { runSubgraph } from '../subgraphs/common/run-subgraph';
import { SUBGRAPH_DEFINITIONS } from '../subgraphs/definitions';
import { seedDatabases } from '../subgraphs/seed/seed-databases';
import { startGovernedGateway, type GovernedGateway } from './governed-gateway';
import { check, load as loadWith, median, type Measure } from './load';

const load = (url: string, headers: Record<string, string>, query: string) => loadWith(url, headers, query, CONNECTIONS, SECONDS);

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 5);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const CONNECTIONS = 32;
const PURPOSE = 'JC-2026-0001; access cost benchmark';

const QUERIES = {
  /** SENSITIVE and RESTRICTED fields in clear: every request writes an access-log record. */
  'sensitive read (logged)': '{ people(first: 20) { nodes { personKey name idNumber birthDate org { name } } } }',
  /** PUBLIC and INTERNAL fields only: decided, not logged. */
  'internal read': '{ orgs(first: 20) { nodes { uscc name level regionCode } } }',
};

export interface AccessCostReport {
  rounds: Array<Record<string, { governed: Measure; bare: Measure }>>;
  ratios: Record<string, number>;
}

export async function runAccessCost(): Promise<AccessCostReport> {
  const storage: StorageConfig = {
    databaseUrl: process.env['DATABASE_URL'] || 'mysql://root@127.0.0.1:3306',
    databasePrefix: 'govgraph_bench_',
    dataDir: mkdtempSync(join(tmpdir(), 'govgraph-bench-')),
    personKeySecret: DEV_PERSON_KEY_SECRET,
  };
  await seedDatabases(storage, { scale: 'test', seed: 7 });
  const subgraphs = await Promise.all(SUBGRAPH_NAMES.map((name) => runSubgraph(SUBGRAPH_DEFINITIONS[name], { storage, port: 0 })));
  const servers: RunningServer[] = [];
  let governedGateway: GovernedGateway | undefined;
  try {
    governedGateway = await startGovernedGateway(storage, SUBGRAPH_NAMES.map((name, i) => ({ name, url: subgraphs[i]!.url, federated: SUBGRAPHS[name].federated })));
    const { gateway: governed, realm, graph } = governedGateway;

    // The bare graph: the same composed schema and signed subgraph calls, a fixed province-wide caller, no access layer.
    const breakers = new Breakers(DEFAULT_CALL_POLICY.breaker);
    const schema = buildGatewaySchema(graph.supergraphSdl, graph.legacy, { policy: DEFAULT_CALL_POLICY, breakers, signingSecret: DEV_SIGNING_SECRET });
    const fixed: GatewayContext = {
      access: {
        principal: { ...ANONYMOUS, user: 'bench', anonymous: false, roles: ['supervisor'], clearance: 'RESTRICTED', region: '320000' },
        purpose: { caseNumber: 'JC-2026-0001', kind: 'inspection', text: 'access cost benchmark' },
        purposeProblem: null,
        regions: ['320000'],
        grants: [],
      },
    };
    const bare = await startGraphqlServer<GatewayContext>({ name: 'bare', schema, host: '127.0.0.1', port: 0, createContext: () => fixed, onClose: async () => breakers.shutdown() });
    servers.push(bare);

    const token = await realm.mint({ user: 'bench.supervisor', roles: ['supervisor'], region: '320000', ttlSeconds: 3600 });
    const headers = { authorization: `Bearer ${token}`, 'x-govgraph-purpose': PURPOSE };
    for (const query of Object.values(QUERIES)) {
      await check(governed.url, headers, query);
      await check(bare.url, {}, query);
    }

    const rounds: AccessCostReport['rounds'] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const measured: AccessCostReport['rounds'][number] = {};
      for (const [name, query] of Object.entries(QUERIES)) {
        // alternate which goes first, so warm-up and drift fall on both
        const governedFirst = round % 2 === 0;
        const first = governedFirst ? await load(governed.url, headers, query) : await load(bare.url, {}, query);
        const second = governedFirst ? await load(bare.url, {}, query) : await load(governed.url, headers, query);
        measured[name] = governedFirst ? { governed: first, bare: second } : { governed: second, bare: first };
      }
      rounds.push(measured);
    }
    const ratios = Object.fromEntries(Object.keys(QUERIES).map((name) => [name, median(rounds.map((r) => r[name]!.governed.requestsPerSecond / r[name]!.bare.requestsPerSecond))]));
    return { rounds, ratios };
  } finally {
    for (const server of servers) await server.close();
    await governedGateway?.close();
    await Promise.all(subgraphs.map((s) => s.close()));
  }
}

export function accessCostMarkdown(report: AccessCostReport, started: string): string {
  const lines = [
    `## Cost of access control and the access log (${CONNECTIONS} connections, ${SECONDS} s per run, ${ROUNDS} rounds), ${started}`,
    '',
    '| query | round | governed req/s | bare req/s | governed ÷ bare | governed p50 / p99 ms | bare p50 / p99 ms |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  report.rounds.forEach((round, i) => {
    for (const [name, { governed, bare }] of Object.entries(round)) {
      lines.push(`| ${name} | ${i + 1} | ${governed.requestsPerSecond.toFixed(0)} | ${bare.requestsPerSecond.toFixed(0)} | ${(governed.requestsPerSecond / bare.requestsPerSecond).toFixed(2)} | ${governed.p50} / ${governed.p99} | ${bare.p50} / ${bare.p99} |`);
    }
  });
  const failed = report.rounds.flatMap((r) => Object.values(r).flatMap((m) => [m.governed, m.bare])).filter((m) => m.errors || m.non2xx);
  if (failed.length) lines.push('', `**${failed.length} runs had errors or non-2xx answers: these figures are not valid.**`);
  lines.push('', ...Object.entries(report.ratios).map(([name, ratio]) => `- ${name}: governed throughput is **${(ratio * 100).toFixed(0)}%** of bare (median of rounds)`));
  return lines.join('\n');
}
