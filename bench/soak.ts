/**
 * `npm run bench -- soak`: the whole stack as `npm start` runs it, on MariaDB and Redis, under mixed
 * traffic at a fixed rate for SOAK_MINUTES (default 10) at SOAK_RATE requests/s (default 20): the
 * named operations of schema/operations/ and direct reads by several roles, purposes and regions, a
 * few of them masked or denied on purpose, one registration and one rollback along the way. Reports
 * each process's RSS over time (slope after the warm-up), p50/p99 per minute, errors by code, and
 * whether the access log holds exactly one record per sensitive read sent (counted by the client).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { createClient } from 'redis';

import { projectRoot } from '../common/paths';
import { devLogin, spawnStack } from '../stack/spawned-stack';
import { startPartnerSubgraph } from '../subgraphs/partner-example/housing-subgraph';

const MYSQL = process.env['SOAK_DATABASE_URL'] ?? 'mysql://root@127.0.0.1:3306';
const REDIS = process.env['SOAK_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const PREFIX = 'govgraph_soak_';
const REDIS_PREFIX = 'govgraph-soak:';
const ADMIN = { alice: 'soak-admin-token-alice-00000001', bob: 'soak-admin-token-bob-000000001' };

/** What a kind of request reads, and whether the access log must hold a record of each one answered. */
interface Kind {
  name: string;
  user: string | null;
  purpose?: string;
  query: (n: number) => { query: string; operationName?: string; variables?: Record<string, unknown> };
  /** A record per answer: it reads SENSITIVE or RESTRICTED fields (in clear or masked), or is denied one. */
  logged: boolean;
  /** The error codes this kind is meant to get (denials planted on purpose). */
  planted: string[];
}

/** A named operation of schema/operations/ with its variables: the file read once, not per request. */
function named(file: string, operationName: string, variables: Record<string, unknown>): Kind['query'] {
  const query = readFileSync(join(projectRoot, 'schema', 'operations', file), 'utf8');
  return () => ({ query, operationName, variables });
}
const CHECK_MONTHS = { fromMonth: '2026-04', toMonth: '2026-06', first: 5 };

const KINDS: Kind[] = [
  {
    name: 'supervisor reads identity numbers (RESTRICTED, in clear)',
    user: 'supervisor.province',
    purpose: 'JC-2026-0101; soak',
    query: (n) => ({ query: `query Soak${n} { people(first: 5) { nodes { personKey name idNumber } } }` }),
    logged: true,
    planted: [],
  },
  {
    name: 'staffing officer of a city reads its people (masked above clearance)',
    user: 'staffing.suzhou',
    query: (n) => ({ query: `query Soak${n} { people(first: 5) { nodes { personKey name idNumber } } }` }),
    logged: true,
    planted: [],
  },
  {
    name: 'anonymous asks for identity numbers (denied)',
    user: null,
    query: (n) => ({ query: `query Soak${n} { people(first: 2) { nodes { idNumber } } }` }),
    logged: true,
    planted: ['FORBIDDEN_FIELD'],
  },
  {
    name: 'public regions and bodies',
    user: 'finance.suzhou',
    query: (n) => ({ query: `query Soak${n} { regions { code name } }` }),
    logged: false,
    planted: [],
  },
  {
    name: 'HeadcountReconciliation (named operation)',
    user: 'supervisor.province',
    purpose: 'JC-2026-0102; soak',
    query: named('headcount-reconciliation.graphql', 'HeadcountReconciliation', CHECK_MONTHS),
    logged: true,
    planted: [],
  },
  {
    name: 'WelfareCrossCheck (named operation)',
    user: 'civil.suzhou',
    purpose: 'MZ-2026-0103; soak',
    query: named('welfare-cross-check.graphql', 'WelfareCrossCheck', CHECK_MONTHS),
    logged: true,
    planted: [],
  },
  {
    name: 'PowerListCounts (named operation, published)',
    user: 'partner.market',
    query: named('power-lists.graphql', 'PowerListCounts', { first: 5 }),
    logged: false,
    planted: [],
  },
];

interface Sample {
  minute: number;
  kind: number;
  ms: number;
  codes: string[];
  /** The operation's name: its own (SoakN) for a direct read, the named operation's otherwise. */
  name: string;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : 0;
};

/**
 * Least-squares line of RSS over time after the warm-up: its slope, the slope's standard error, and
 * whether it is flat within noise: no rise beyond two standard errors, or a rise under 2% of the mean
 * over the span measured (too small to matter however steady). Falling is not growth.
 */
function trend(points: Array<[number, number]>): { slope: number; standardError: number; flat: boolean } {
  const n = points.length;
  if (n < 3) return { slope: 0, standardError: 0, flat: true };
  const mx = points.reduce((a, [x]) => a + x, 0) / n;
  const my = points.reduce((a, [, y]) => a + y, 0) / n;
  const sxx = points.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  const slope = sxx ? points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0) / sxx : 0;
  const residuals = points.reduce((a, [x, y]) => a + (y - my - slope * (x - mx)) ** 2, 0);
  const standardError = sxx ? Math.sqrt(residuals / (n - 2) / sxx) : 0;
  const span = points.at(-1)![0] - points[0]![0];
  const flat = slope <= 2 * standardError || slope * span < 0.02 * my;
  return { slope, standardError, flat };
}

function rssMb(pid: number): number | null {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

async function admin(gatewayUrl: string, token: string, query: string): Promise<unknown> {
  const response = await fetch(gatewayUrl.replace(/\/graphql$/, '/admin/graphql'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: Array<{ message: string }> };
  if (body.errors?.length) throw new Error(`admin: ${body.errors.map((e) => e.message).join('; ')}`);
  return body.data;
}

export interface SoakReport {
  minutes: number;
  rate: number;
  requests: number;
  perMinute: Array<{ minute: number; requests: number; p50: number; p99: number }>;
  errorsByCode: Record<string, number>;
  unplannedErrors: number;
  warmUpMinutes: number;
  rss: Record<
    string,
    {
      first: number;
      last: number;
      max: number;
      /** After the warm-up: MB per minute, its standard error, and whether that is flat within noise. */
      slopeMbPerMinute: number;
      slopeStandardError: number;
      flat: boolean;
      points: Array<[number, number]>;
    }
  >;
  /** Sensitive reads answered (client's count), records, and the differences either way (both 0 when exact). */
  accessLog: { sensitiveSent: number; records: number; unlogged: number; extra: number };
  registry: string[];
}

export async function runSoak(): Promise<SoakReport> {
  const minutes = Number(process.env['SOAK_MINUTES'] ?? 10);
  const rate = Number(process.env['SOAK_RATE'] ?? 20);
  // Left out of the slopes. A subgraph asked about one distinct document a second fills its 1,000-entry
  // document cache in ~17 min, so a run meant to show flat memory everywhere needs a longer warm-up.
  const warmUpMinutes = Number(process.env['SOAK_WARM_UP_MINUTES'] ?? 2);
  // The registration and the rollback at a third and two thirds of the first ten minutes: a longer run
  // goes on with steady traffic, whose memory is then measured after the composition changes.
  const registryStepMs = (Math.min(minutes, 10) * 60_000) / 3;
  const db = await createConnection({ uri: MYSQL });
  const [schemas] = (await db.query(`SHOW DATABASES LIKE '${PREFIX}%'`)) as unknown as [Array<Record<string, string>>];
  for (const row of schemas) await db.query(`DROP DATABASE \`${Object.values(row)[0]}\``);
  const redis = createClient({ url: REDIS });
  await redis.connect();
  for await (const keys of redis.scanIterator({ MATCH: `${REDIS_PREFIX}*`, COUNT: 500 }))
    if (keys.length) await redis.del(keys);
  await redis.close();

  const partner = await startPartnerSubgraph();
  process.stdout.write('soak: seeding MariaDB and starting the stack ...\n');
  const stack = await spawnStack({
    DATABASE_URL: MYSQL,
    DATABASE_PREFIX: PREFIX,
    REDIS_URL: REDIS,
    REDIS_PREFIX,
    REGISTRY_ADMIN_TOKENS: `alice:${ADMIN.alice},bob:${ADMIN.bob}`,
    LOG_LEVEL: 'warn',
  });
  try {
    const tokens = new Map<string, string>();
    const logIn = async () => {
      for (const user of new Set(KINDS.flatMap((kind) => (kind.user ? [kind.user] : []))))
        tokens.set(user, await devLogin(stack.gatewayUrl, user));
    };
    await logIn();
    // The dev realm's tokens live an hour: clients log in again well before, as a real front end would.
    const loginTimer = setInterval(() => void logIn().catch(() => undefined), 20 * 60_000);
    const pids = () =>
      new Map([...stack.output().matchAll(/(\S+) started \(pid (\d+)\)/g)].map((m) => [m[1]!, Number(m[2])]));
    const rss: Record<string, Array<[number, number]>> = {};
    const samples: Sample[] = [];
    const registry: string[] = [];
    const began = Date.now();
    const minuteNow = () => (Date.now() - began) / 60_000;
    const sampleRss = () => {
      for (const [name, pid] of pids()) {
        const mb = rssMb(pid);
        if (mb !== null) (rss[name] ??= []).push([minuteNow(), mb]);
      }
    };
    sampleRss();
    const rssTimer = setInterval(sampleRss, 10_000);
    const control = (async () => {
      await new Promise((done) => setTimeout(done, registryStepMs));
      await admin(
        stack.gatewayUrl,
        ADMIN.alice,
        `mutation { registerSubgraph(input: { name: "housing", url: "${partner.url}", department: "housing-bureau", contact: "soak" }) { revision } }`,
      );
      const approved = (await admin(
        stack.gatewayUrl,
        ADMIN.bob,
        'mutation { approveSubgraph(name: "housing", revision: 1) { version } }',
      )) as { approveSubgraph: { version: number } };
      registry.push(
        `minute ${minuteNow().toFixed(1)}: housing registered and approved (composition ${approved.approveSubgraph.version})`,
      );
      await new Promise((done) => setTimeout(done, registryStepMs));
      const back = (await admin(stack.gatewayUrl, ADMIN.alice, 'mutation { rollback(version: 1) { version } }')) as {
        rollback: { version: number };
      };
      registry.push(`minute ${minuteNow().toFixed(1)}: rolled back (composition ${back.rollback.version})`);
    })();

    let n = 0;
    const inflight = new Set<Promise<void>>();
    const send = (i: number) => {
      const kindIndex = i % KINDS.length;
      const kind = KINDS[kindIndex]!;
      const { query, operationName, variables } = kind.query(i);
      const name = operationName ?? /query (Soak\d+)/.exec(query)![1]!;
      const started = Date.now();
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (kind.user) headers['authorization'] = `Bearer ${tokens.get(kind.user)}`;
      if (kind.purpose) headers['x-govgraph-purpose'] = kind.purpose;
      const record = (codes: string[]) =>
        void samples.push({
          minute: Math.floor((started - began) / 60_000),
          kind: kindIndex,
          ms: Date.now() - started,
          codes,
          name,
        });
      const done: Promise<void> = fetch(stack.gatewayUrl, {
        method: 'POST',
        headers,
        body: JSON.stringify({ query, operationName, variables }),
      })
        .then(async (response) => {
          const body = (await response.json()) as { errors?: Array<{ extensions?: { code?: string } }> };
          record([
            ...(response.status === 200 ? [] : [`HTTP ${response.status}`]),
            ...new Set((body.errors ?? []).map((e) => e.extensions?.code ?? 'NO_CODE')),
          ]);
        })
        .catch((error: Error) => record([`FAILED ${error.message}`]))
        .finally(() => inflight.delete(done));
      inflight.add(done);
    };
    // Open loop at a fixed rate: requests leave on schedule whatever the answers' times.
    while (Date.now() - began < minutes * 60_000) {
      const due = Math.floor(((Date.now() - began) / 1000) * rate);
      while (n < due) send(n++);
      await new Promise((wake) => setTimeout(wake, 5));
    }
    await Promise.all(inflight);
    await control;
    clearInterval(rssTimer);
    clearInterval(loginTimer);
    sampleRss();

    // The access log against the client's count: records per operation name (a direct read's own
    // SoakN, or a named operation's) equal the answered requests that read sensitive data by that name.
    const [rows] = (await db.query(
      `SELECT operation_name AS name, COUNT(*) AS n FROM \`${PREFIX}gateway\`.access_log GROUP BY operation_name`,
    )) as unknown as [Array<{ name: string | null; n: number }>];
    const recorded = new Map(rows.map((r) => [r.name ?? '', Number(r.n)]));
    const answered = samples.filter((s) => !s.codes.some((c) => c.startsWith('HTTP') || c.startsWith('FAILED')));
    const expected = new Map<string, number>();
    for (const s of answered) if (KINDS[s.kind]!.logged) expected.set(s.name, (expected.get(s.name) ?? 0) + 1);
    const names = new Set([...expected.keys(), ...recorded.keys()]);
    const count = (pick: (e: number, r: number) => number) =>
      [...names].reduce((sum, name) => sum + Math.max(0, pick(expected.get(name) ?? 0, recorded.get(name) ?? 0)), 0);
    const errorsByCode: Record<string, number> = {};
    let unplannedErrors = 0;
    for (const s of samples)
      for (const code of s.codes) {
        errorsByCode[code] = (errorsByCode[code] ?? 0) + 1;
        if (!KINDS[s.kind]!.planted.includes(code)) unplannedErrors++;
      }
    const perMinute = [...new Set(samples.map((s) => s.minute))]
      .sort((a, b) => a - b)
      .map((minute) => {
        const ms = samples.filter((s) => s.minute === minute).map((s) => s.ms);
        return { minute, requests: ms.length, p50: percentile(ms, 50), p99: percentile(ms, 99) };
      });
    return {
      minutes,
      rate,
      requests: samples.length,
      perMinute,
      errorsByCode,
      unplannedErrors,
      warmUpMinutes,
      rss: Object.fromEntries(
        Object.entries(rss).map(([name, points]) => {
          const { slope, standardError, flat } = trend(points.filter(([x]) => x >= warmUpMinutes));
          return [
            name,
            {
              first: Math.round(points[0]![1]),
              last: Math.round(points.at(-1)![1]),
              max: Math.round(Math.max(...points.map(([, y]) => y))),
              slopeMbPerMinute: Number(slope.toFixed(2)),
              slopeStandardError: Number(standardError.toFixed(2)),
              flat,
              // minute, MB: every 10 s
              points: points.map(([x, y]) => [Number(x.toFixed(2)), Math.round(y)] as [number, number]),
            },
          ];
        }),
      ),
      accessLog: {
        sensitiveSent: [...expected.values()].reduce((a, b) => a + b, 0),
        records: [...recorded.values()].reduce((a, b) => a + b, 0),
        unlogged: count((e, r) => e - r),
        extra: count((e, r) => r - e),
      },
      registry,
    };
  } finally {
    stack.child.kill('SIGINT');
    await new Promise((done) => stack.child.once('exit', done));
    await partner.close();
    await db.end();
  }
}

export function soakMarkdown(report: SoakReport, started: string): string {
  const { accessLog: log } = report;
  return [
    `## Soak: ${report.minutes} min at ${report.rate} requests/s, the whole stack on MariaDB and Redis, ${started}`,
    '',
    `${report.requests} requests; errors by code: ${JSON.stringify(report.errorsByCode)} (${report.unplannedErrors} not planted)`,
    `access log: ${log.sensitiveSent} sensitive reads answered (counted by the client), ${log.records} records; answered without a record ${log.unlogged}, records beyond the reads ${log.extra}`,
    `registry: ${report.registry.join('; ')}`,
    '',
    '| minute | requests | p50 ms | p99 ms |',
    '| --- | --- | --- | --- |',
    ...report.perMinute.map((m) => `| ${m.minute} | ${m.requests} | ${m.p50} | ${m.p99} |`),
    '',
    `| process | RSS first MB | RSS last MB | max MB | slope after ${report.warmUpMinutes} min, MB/min (± standard error) | flat within noise |`,
    '| --- | --- | --- | --- | --- | --- |',
    ...Object.entries(report.rss).map(
      ([name, r]) =>
        `| ${name} | ${r.first} | ${r.last} | ${r.max} | ${r.slopeMbPerMinute} ± ${r.slopeStandardError} | ${r.flat ? 'yes' : 'no'} |`,
    ),
  ].join('\n');
}
