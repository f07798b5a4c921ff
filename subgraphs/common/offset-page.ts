import { badUserInput } from '../../common/errors';
import { checkPageSize, type Connection, type PageArgs } from './pagination';

/** Cursors over a computed list (or a grouped query) in a stable order: positions, not ids. */

const CURSOR_PREFIX = 'offset:';

export function offsetCursor(offset: number): string {
  return Buffer.from(`${CURSOR_PREFIX}${offset}`).toString('base64url');
}

export function offsetOf(after: string | null | undefined): number {
  if (!after) return 0;
  const text = Buffer.from(after, 'base64url').toString();
  const digits = text.slice(CURSOR_PREFIX.length);
  if (!text.startsWith(CURSOR_PREFIX) || !/^\d{1,9}$/.test(digits))
    throw badUserInput('after is not a cursor this API issued', 'after');
  return Number(digits);
}

/** One page of a list already in memory. */
export function pageOf<T>(items: readonly T[], args: PageArgs, maxPageSize: number): Connection<T> {
  const size = checkPageSize(args.first, maxPageSize);
  const offset = offsetOf(args.after);
  const nodes = items.slice(offset, offset + size);
  return {
    nodes,
    pageInfo: {
      hasNextPage: offset + size < items.length,
      endCursor: nodes.length ? offsetCursor(offset + nodes.length) : null,
    },
    totalCount: async () => items.length,
  };
}
