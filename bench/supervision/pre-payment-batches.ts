/**
 * 事前预警 at province scale: a whole month of the province's payroll (~140,000 lines) checked before
 * payment through the gateway, as the treasury would send it: each body's lines kept together, bodies
 * packed into batches under the gateway's 1 MB body limit, a few batches at a time. The warnings found
 * are checked against plain SQL over the source databases (lines whose person is not on the paying
 * body's roll) before any time is reported: a benchmark of wrong answers measures nothing.
 */
import type mysql from 'mysql2/promise';

import { MAX_BATCH_LINES } from '../../subgraphs/cases/pre-payment/payroll-warnings';

const MONTH = '2026-06';
const PURPOSE = 'CZ-2026-0001; province pre-payment benchmark';
/** Under the gateway's 1,000,000-byte body limit, with room for the query. */
const MAX_BODY_BYTES = 950_000;
const PARALLEL = Number(process.env['BENCH_BATCH_PARALLEL'] ?? 4);

const CHECK = `mutation Check($input: PayrollBatchInput!) {
  checkPayrollBatch(input: $input) { id lineCount warnedLines summary { kind lines } }
}`;

interface Line {
  lineNo: number;
  personKey: string;
  orgUscc: string;
  gross: number;
}

export interface PrePaymentFigures {
  month: string;
  lines: number;
  batches: number;
  parallel: number;
  /** Wall time of the whole month, first batch sent to last answer. */
  totalMs: number;
  linesPerSecond: number;
  /** Per batch: lines and the time of its request. */
  perBatch: Array<{ lines: number; ms: number }>;
  /** The largest body's month on its own, as a finance office would check it. */
  largestBody: { lines: number; ms: number };
  warnedLines: number;
  byKind: Record<string, number>;
}

/** The bodies' lines packed, whole bodies only, into batches under the line and byte limits. */
function pack(lines: Line[]): Line[][] {
  const byBody = new Map<string, Line[]>();
  for (const l of lines) (byBody.get(l.orgUscc) ?? byBody.set(l.orgUscc, []).get(l.orgUscc)!).push(l);
  const batches: Line[][] = [];
  let current: Line[] = [];
  let bytes = 0;
  for (const body of byBody.values()) {
    const size = JSON.stringify(body).length;
    if (current.length && (current.length + body.length > MAX_BATCH_LINES || bytes + size > MAX_BODY_BYTES)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(...body);
    bytes += size;
  }
  if (current.length) batches.push(current);
  return batches;
}

export async function measurePrePayment(
  sql: mysql.Connection,
  prefix: string,
  gatewayUrl: string,
  token: string,
): Promise<PrePaymentFigures> {
  const [rows] = (await sql.query(
    `SELECT id lineNo, person_key personKey, org_uscc orgUscc, CAST(gross AS CHAR) gross FROM ${prefix}finance.payroll_line WHERE month = ? ORDER BY org_uscc, id`,
    [MONTH],
  )) as unknown as [Array<Line & { gross: string }>];
  const lines = rows.map((r) => ({ ...r, gross: Number(r.gross) }));
  const send = async (reference: string, batch: Line[]) => {
    const started = performance.now();
    const response = await fetch(gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-govgraph-purpose': PURPOSE },
      body: JSON.stringify({
        query: CHECK,
        variables: { input: { reference, month: MONTH, regionCode: '320000', lines: batch } },
      }),
    });
    const answer = (await response.json()) as {
      data?: {
        checkPayrollBatch: { lineCount: number; warnedLines: number; summary: Array<{ kind: string; lines: number }> };
      };
      errors?: unknown[];
    };
    if (!response.ok || answer.errors?.length || !answer.data)
      throw new Error(`the gateway answered ${response.status} ${JSON.stringify(answer).slice(0, 500)}`);
    return { ms: performance.now() - started, result: answer.data.checkPayrollBatch };
  };

  const largest = pack(lines)
    .flatMap((batch) =>
      [...new Set(batch.map((l) => l.orgUscc))].map((uscc) => batch.filter((l) => l.orgUscc === uscc)),
    )
    .sort((a, b) => b.length - a.length)[0]!;
  // Its lines are checked again below as part of the month: a body's own resubmission is not paid twice.
  const alone = await send('bench-largest-body', largest);

  const batches = pack(lines);
  const perBatch: Array<{ lines: number; ms: number }> = [];
  const byKind: Record<string, number> = {};
  let warnedLines = 0;
  const started = performance.now();
  for (let i = 0; i < batches.length; i += PARALLEL) {
    const answers = await Promise.all(batches.slice(i, i + PARALLEL).map((b, j) => send(`bench-${i + j + 1}`, b)));
    for (const { ms, result } of answers) {
      perBatch.push({ lines: result.lineCount, ms });
      warnedLines += result.warnedLines;
      for (const s of result.summary) byKind[s.kind] = (byKind[s.kind] ?? 0) + s.lines;
    }
  }
  const totalMs = performance.now() - started;

  const [[notOnRoll]] = (await sql.query(
    `SELECT COUNT(*) n FROM ${prefix}finance.payroll_line l
      WHERE l.month = ? AND NOT EXISTS (
        SELECT 1 FROM ${prefix}staffing.person p JOIN ${prefix}staffing.org o ON o.id = p.org_id
         WHERE p.person_key = l.person_key AND o.uscc = l.org_uscc)`,
    [MONTH],
  )) as unknown as [[{ n: number }]];
  if (Number(notOnRoll.n) !== (byKind['NOT_ON_ROLL'] ?? 0))
    throw new Error(`NOT_ON_ROLL: the check found ${byKind['NOT_ON_ROLL'] ?? 0} lines, plain SQL ${notOnRoll.n}`);
  if (perBatch.reduce((n, b) => n + b.lines, 0) !== lines.length) throw new Error('a batch lost lines');
  return {
    month: MONTH,
    lines: lines.length,
    batches: batches.length,
    parallel: PARALLEL,
    totalMs,
    linesPerSecond: lines.length / (totalMs / 1000),
    perBatch,
    largestBody: { lines: largest.length, ms: alone.ms },
    warnedLines,
    byKind,
  };
}

export function prePaymentMarkdown(f: PrePaymentFigures): string {
  const times = f.perBatch.map((b) => b.ms).sort((a, b) => a - b);
  return [
    `### Pre-payment check of a province's month (${f.month}: ${f.lines.toLocaleString('en')} payroll lines)`,
    '',
    `- the whole month, ${f.batches} batches of whole bodies (≤ ${MAX_BATCH_LINES.toLocaleString('en')} lines, < 1 MB each), ${f.parallel} at a time through the gateway: **${(f.totalMs / 1000).toFixed(2)} s** (${Math.round(f.linesPerSecond).toLocaleString('en')} lines/s); a batch p50 ${(times[Math.floor(times.length / 2)]! / 1000).toFixed(2)} s, max ${(times.at(-1)! / 1000).toFixed(2)} s`,
    `- the largest body's month alone (${f.largestBody.lines.toLocaleString('en')} lines): **${(f.largestBody.ms / 1000).toFixed(2)} s**`,
    `- warned lines ${f.warnedLines.toLocaleString('en')}: ${Object.entries(f.byKind)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')} (NOT_ON_ROLL equals plain SQL's count over the source databases)`,
  ].join('\n');
}
