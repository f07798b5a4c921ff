import type { Response } from 'express';

/**
 * Answers a request refused outside GraphQL (before it runs, or by a side endpoint) with a GraphQL
 * error body. The code is also left on the response (refusalCode), where the metrics count it.
 */
export function sendError(
  res: Response,
  status: number,
  message: string,
  extensions: { code: string } & Record<string, unknown>,
  headers: Record<string, string> = {},
): void {
  noteRefusal(res, extensions.code);
  res
    .status(status)
    .set(headers)
    .json({ errors: [{ message, extensions }] });
}

/** Records the code of a refusal answered elsewhere (e.g. by Apollo Server, for a failed token). */
export function noteRefusal(res: Response, code: string): void {
  res.locals['errorCode'] = code;
}

/** The code of the refusal this response carries, if any. */
export function refusalCode(res: Response): string | undefined {
  return res.locals['errorCode'] as string | undefined;
}
