import { join } from 'node:path';

import { projectRoot } from '../../../common/paths';
import { createGateway } from '../../../gateway/create-gateway';
import { csvCell } from '../../../gateway/endpoints/export/csv';
import { loadPolicy } from '../../../gateway/policy/load-policy';
import { DEFAULT_CALL_POLICY } from '../../../gateway/request/resilience/call-policy';
import { caller, INSPECTION_PURPOSE, testAccess } from '../../support/access';
import { mysqlStorage, testDb } from '../../support/env';
import { gql, gqlData } from '../../support/graphql';
import { SqlOracle } from '../../support/mysql';
import { startTestStack, type TestStack } from '../../support/stack';
import { allNodes, PAY_RANGE, sorted } from '../../support/supervision';

/** Reads RFC 4180 CSV (quoted cells, doubled quotes, CRLF) into rows; the oracle for the export. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const endCell = () => {
    row.push(cell);
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ',') {
      endCell();
    } else if (!quoted && c === '\r' && text[i + 1] === '\n') {
      endCell();
      rows.push(row);
      row = [];
      i++;
    } else {
      cell += c;
    }
  }
  return rows;
}

/**
 * Large results as CSV: authenticated, streamed page by page through the gateway's own request path,
 * so the same masks, denials, purpose rule and access log apply as to the query.
 */
describe('supervision: CSV export of a check’s list', () => {
  const sql = new SqlOracle();
  let stack: TestStack;
  let exportUrl: (operation: string, variables: Record<string, unknown>) => string;

  const download = async (url: string, token: string | null, purpose?: string) => {
    const response = await fetch(url, {
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(purpose ? { 'x-govgraph-purpose': purpose } : {}),
      },
    });
    return { status: response.status, headers: response.headers, text: await response.text() };
  };

  beforeAll(async () => {
    stack = await startTestStack(mysqlStorage);
    const base = stack.gatewayUrl.replace(/\/graphql$/, '');
    exportUrl = (operation, variables) =>
      `${base}/export/${operation}.csv?variables=${encodeURIComponent(JSON.stringify(variables))}`;
  });
  afterAll(async () => {
    await stack[Symbol.asyncDispose]();
    await sql[Symbol.asyncDispose]();
  });

  it('exports every mismatch of a reconciliation, all pages, the same rows as the query, identifiers in clear for a supervisor', async () => {
    const token = stack.supervisor.headers['authorization']!.slice('Bearer '.length);
    const { status, headers, text } = await download(
      exportUrl('HeadcountMismatches', { ...PAY_RANGE }),
      token,
      stack.supervisor.headers['x-govgraph-purpose'],
    );
    expect(status).toBe(200);
    expect(headers.get('content-type')).toMatch(/^text\/csv/);
    expect(headers.get('x-govgraph-withheld')).toBeNull();
    const [header, ...rows] = parseCsv(text.replace(/^\uFEFF/, ''));
    expect(header).toEqual([
      'kind',
      'personKey',
      'person.name',
      'person.idNumber',
      'person.post',
      'person.status',
      'org.uscc',
      'org.name',
      'payingOrgs.uscc',
      'payingOrgs.name',
      'months',
      'amount',
      'amountBand',
      'status',
      'statusDate',
      'diedOn',
    ]);
    const viaQuery = await allNodes<{ kind: string; personKey: string }>(
      stack.supervisor,
      `query($fromMonth: String!, $toMonth: String, $after: String) { headcountReconciliation(fromMonth: $fromMonth, toMonth: $toMonth) {
        mismatches(first: 500, after: $after) { nodes { kind personKey } pageInfo { hasNextPage endCursor } } } }`,
      { ...PAY_RANGE },
      ['headcountReconciliation', 'mismatches'],
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(sorted(rows.map((r) => `${r[0]}/${r[1]}`))).toEqual(sorted(viaQuery.map((m) => `${m.kind}/${m.personKey}`)));
    const onRoll = rows.find((r) => r[3] !== '')!;
    const [person] = await sql.rows<{ id: string; name: string }>(
      `SELECT id_number id, name FROM ${testDb('staffing')}.person WHERE person_key = ?`,
      [onRoll[1]],
    );
    expect([onRoll[2], onRoll[3]]).toEqual([person!.name, person!.id]);
  });

  it('applies the caller’s masks and denials: a lowered clearance gets masked names and empty amount cells, named in a header', async () => {
    const token = await stack.realm.mint({
      user: 'auditor.internal',
      roles: ['auditor'],
      region: '320000',
      clearance: 'INTERNAL',
    });
    const { status, headers, text } = await download(
      exportUrl('HeadcountMismatches', { ...PAY_RANGE, kind: 'NEVER_AT_POST' }),
      token,
      'SJ-2026-0009; export check',
    );
    expect(status).toBe(200);
    expect(headers.get('x-govgraph-withheld')?.split(',')).toEqual(expect.arrayContaining(['amount', 'diedOn']));
    const [header, ...rows] = parseCsv(text.replace(/^\uFEFF/, ''));
    const at = (name: string) => header!.indexOf(name);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row[at('amount')]).toBe('');
      expect(row[at('amountBand')]).toMatch(/^\d+(-\d+|\+)$/);
      expect(row[at('person.name')]).toMatch(/^.\*+$/u);
      expect(row[at('person.idNumber')]).not.toMatch(/^\d{17}[\dX]$/);
    }
  });

  it('is logged like the query: the access log holds the export’s reads for that user', async () => {
    const token = await stack.realm.mint({
      user: 'civil.exporter',
      roles: ['civil-affairs-officer'],
      region: '320000',
    });
    const { status } = await download(exportUrl('WelfareCrossCheck', {}), token, 'MZ-2026-0011; export');
    expect(status).toBe(200);
    const reader = await stack.realm.mint({ user: 'log.reader', roles: ['audit-log-reader'], region: '320000' });
    const governance = {
      url: stack.gatewayUrl.replace(/\/graphql$/, '/governance/graphql'),
      headers: { authorization: `Bearer ${reader}` },
    };
    const log = await gqlData(
      governance,
      `{ accessLog(filter: { user: "civil.exporter" }) { operationName purpose } }`,
    );
    const entries = log['accessLog'] as Array<{ operationName: string; purpose: string }>;
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((e) => e.operationName === 'WelfareCrossCheck' && e.purpose.startsWith('MZ-2026-0011'))).toBe(
      true,
    );
  });

  it('refuses with a code: no token, no purpose, unknown operation, bad variables, a check’s bad argument', async () => {
    const token = await stack.realm.mint({ user: 'staffing.x', roles: ['staffing-officer'], region: '320000' });
    const cases: Array<[string, string | null, string | undefined, number, string]> = [
      [exportUrl('HeadcountMismatches', { ...PAY_RANGE }), null, undefined, 401, 'UNAUTHENTICATED'],
      [exportUrl('HeadcountMismatches', { ...PAY_RANGE }), token, undefined, 403, 'PURPOSE_REQUIRED'],
      [exportUrl('DropTables', {}), token, 'BB-2026-0001; x', 404, 'BAD_USER_INPUT'],
      [
        `${exportUrl('HeadcountMismatches', {}).split('?')[0]}?variables=%7Bnot-json`,
        token,
        'BB-2026-0001; x',
        400,
        'BAD_USER_INPUT',
      ],
      [exportUrl('HeadcountMismatches', { fromMonth: '2026-13' }), token, 'BB-2026-0001; x', 400, 'BAD_USER_INPUT'],
    ];
    for (const [url, t, purpose, status, code] of cases) {
      const response = await download(url, t, purpose);
      expect([
        url,
        response.status,
        (JSON.parse(response.text) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code,
      ]).toEqual([url, status, code]);
    }
  });

  it('draws one rate-limit token per export, however many pages it takes: the pages run in process, not as requests', async () => {
    const policy = loadPolicy(join(projectRoot, 'policies'));
    policy.cache = { ...policy.cache, enabled: false };
    policy.rateLimits = { ...policy.rateLimits, user: { requests: 2, perSeconds: 600 } };
    // A supervisor's cost limit that leaves a page a few rows (the check weighs 100, a row about 5): many pages.
    policy.roles.get('supervisor')!.limits = { cost: 130 };
    await using gateway = await createGateway({
      source: { supergraph: stack.graph },
      calls: DEFAULT_CALL_POLICY,
      access: await testAccess(stack.realm, {}, policy),
      host: '127.0.0.1',
      port: 0,
    });
    const base = gateway.url.replace(/\/graphql$/, '');
    const token = await stack.realm.mint({ user: 'export.budget', roles: ['supervisor'], region: '320000' });
    // Every page is one operation fetched (by plan or by the general path).
    const pagesRun = async () => {
      const metrics = await (await fetch(`${base}/metrics`)).text();
      return [...metrics.matchAll(/^govgraph_execution_path_total\{path="\w+"\} (\d+)$/gm)].reduce(
        (n, m) => n + Number(m[1]),
        0,
      );
    };
    const before = await pagesRun();
    const exported = await download(
      `${base}/export/HeadcountMismatches.csv?variables=${encodeURIComponent(JSON.stringify(PAY_RANGE))}`,
      token,
      INSPECTION_PURPOSE,
    );
    expect(exported.status).toBe(200);
    expect(exported.text).not.toMatch(/# export stopped/);
    const pages = (await pagesRun()) - before;
    const rows = parseCsv(exported.text.replace(/^\uFEFF/, '')).length - 1;
    expect(pages).toBeGreaterThan(2);
    expect(rows).toBeGreaterThan(pages);
    // Two tokens in all: the export took one, this query the other; the next is refused.
    const again = caller(gateway.url, token, INSPECTION_PURPOSE);
    expect((await gql(again, '{ __typename }')).errors).toBeUndefined();
    const refused = await fetch(gateway.url, {
      method: 'POST',
      headers: { ...again.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(refused.status).toBe(429);
  });

  it('writes cells a spreadsheet cannot run as formulas', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvCell('+1+1')).toBe("'+1+1");
    expect(csvCell('-12.5')).toBe('-12.5');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell(null)).toBe('');
  });
});
