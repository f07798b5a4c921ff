import type express from 'express';
import { GraphQLError } from 'graphql';

import { sendError } from '../../../common/error-response';
import { ErrorCode, statusOf } from '../../../common/errors';
import type { ExtraEndpoint, InProcessGraphql } from '../../../common/http-server';
import { cellAt, csvLine } from './csv';
import type { ExportableOperation } from './named-operations';

/** Rows per page fetched at most (the graph's largest page) and the most an export writes. */
const PAGE_SIZE = 500;
const MAX_ROWS = 1_000_000;

interface PageAnswer {
  data?: Record<string, unknown> | null;
  errors?: Array<{
    message: string;
    path?: Array<string | number>;
    extensions?: { code?: string; limit?: string; measured?: number; max?: number };
  }>;
}

const refuse = (res: express.Response, status: number, code: string, message: string): void =>
  sendError(res, status, message, { code });

/** A refusal before the first page (a bad token, say) as the answer a page would have had. */
function refusalAnswer(error: unknown): PageAnswer {
  const code = error instanceof GraphQLError ? error.extensions['code'] : undefined;
  return {
    errors: [
      {
        message: error instanceof Error ? error.message : String(error),
        extensions: { code: typeof code === 'string' ? code : ErrorCode.INTERNAL_SERVER_ERROR },
      },
    ],
  };
}

/**
 * GET /export/<Operation>.csv?variables=<JSON>: a named operation's whole list as CSV, streamed page by
 * page. Each page runs in process through the graph's whole GraphQL path with the caller's own token
 * and purpose (query limits, decisions, masks, the access log: as any query), so a withheld column
 * stays empty and is named in the `x-govgraph-withheld` header. The export as a whole passed the rate
 * limits once, as one request: its pages draw no further tokens (they are bounded by the list, and
 * each page by the caller's cost limit). Only the named operations of schema/operations/ export, and
 * only for an authenticated caller.
 */
export function createCsvExportEndpoint(operations: ReadonlyMap<string, ExportableOperation>): ExtraEndpoint {
  let run: InProcessGraphql | undefined;
  const handler: express.RequestHandler = async (req, res) => {
    if (!run) throw new Error('the export was mounted on a server that runs no GraphQL in process');
    if (req.method !== 'GET')
      return refuse(res, 405, ErrorCode.BAD_USER_INPUT, 'exports are GET /export/<Operation>.csv?variables=<JSON>');
    const name = /^\/([A-Za-z][A-Za-z0-9]*)\.csv$/.exec(req.path)?.[1];
    const operation = name ? operations.get(name) : undefined;
    if (!operation)
      return refuse(
        res,
        404,
        ErrorCode.BAD_USER_INPUT,
        `no exportable operation "${name ?? req.path}"; exportable: ${[...operations.keys()].join(', ')}`,
      );
    if (!req.headers.authorization) return refuse(res, 401, ErrorCode.UNAUTHENTICATED, 'exports need a bearer token');
    let variables: Record<string, unknown>;
    try {
      const raw = typeof req.query['variables'] === 'string' ? req.query['variables'] : '{}';
      variables = JSON.parse(raw) as Record<string, unknown>;
      if (typeof variables !== 'object' || variables === null || Array.isArray(variables))
        throw new Error('not an object');
    } catch {
      return refuse(res, 400, ErrorCode.BAD_USER_INPUT, 'variables must be a JSON object');
    }
    const runPages = run;
    // Pages as large as the caller's cost limit allows: a page over it is asked again, smaller.
    let pageSize = PAGE_SIZE;
    const page = async (after: string | null): Promise<PageAnswer> => {
      for (;;) {
        const answer = (await runPages(req, {
          query: operation.text,
          variables: { ...variables, first: pageSize, after },
        }).catch(refusalAnswer)) as PageAnswer;
        const over = answer.errors?.[0]?.extensions;
        if (
          over?.code !== ErrorCode.QUERY_TOO_COMPLEX ||
          over.limit !== 'cost' ||
          !over.max ||
          !over.measured ||
          pageSize === 1
        )
          return answer;
        pageSize = Math.max(1, Math.min(pageSize - 1, Math.floor((pageSize * over.max) / over.measured)));
      }
    };
    const listOf = (answer: PageAnswer) =>
      operation.listPath.reduce<unknown>(
        (node, key) => (node as Record<string, unknown> | null)?.[key] ?? null,
        answer.data,
      ) as { nodes: unknown[]; pageInfo?: { hasNextPage: boolean; endCursor: string | null } } | null;

    let answer = await page(null);
    let list = listOf(answer);
    if (!list) {
      const error = answer.errors?.[0];
      const code = error?.extensions?.code ?? ErrorCode.INTERNAL_SERVER_ERROR;
      return refuse(res, statusOf(code), code, error?.message ?? 'the list answered null');
    }
    const withheld = [
      ...new Set(
        (answer.errors ?? [])
          .filter((e) => e.extensions?.code === ErrorCode.FORBIDDEN_FIELD)
          .map((e) => e.path?.filter((p) => typeof p === 'string').slice(-1)[0]),
      ),
    ];
    res.status(200);
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="${operation.name}.csv"`);
    res.setHeader('cache-control', 'no-store');
    if (withheld.length) res.setHeader('x-govgraph-withheld', withheld.join(','));
    // A BOM so spreadsheet programs read the Chinese text as UTF-8.
    res.write(`\uFEFF${csvLine(operation.columns.map((c) => c.join('.')))}`);
    let rows = 0;
    for (;;) {
      for (const node of list.nodes) {
        if (rows++ >= MAX_ROWS) break;
        if (!res.write(csvLine(operation.columns.map((c) => cellAt(node, c))))) {
          await new Promise((done) => {
            res.once('drain', done);
            res.once('close', done);
          });
        }
      }
      const next = list.pageInfo?.hasNextPage && rows < MAX_ROWS ? list.pageInfo.endCursor : null;
      if (!next || res.destroyed) break;
      answer = await page(next);
      list = listOf(answer);
      if (!list) {
        // Headers are gone: say so in the file's last line rather than end it as if complete.
        res.write(
          csvLine([
            `# export stopped: ${answer.errors?.[0]?.extensions?.code ?? 'ERROR'} ${answer.errors?.[0]?.message ?? ''}`,
          ]),
        );
        break;
      }
    }
    res.end();
  };
  return {
    path: '/export',
    handler: (req, res, next) => void (handler(req, res, next) as unknown as Promise<void>).catch(next),
    close: async () => undefined,
    useGraphql: (inProcess) => void (run = inProcess),
  };
}
