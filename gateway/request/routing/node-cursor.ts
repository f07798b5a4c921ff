import { badUserInput } from '../../../common/errors';

const PREFIX = 'nodes:';

/** Where a page over several nodes stopped: the node (by region) and its own cursor there (null: its start). */
export interface NodePosition {
  region: string;
  cursor: string | null;
}

/** A cursor over the nodes of a system: the node a page ended in and that node's own cursor. */
export function encodeNodeCursor(position: NodePosition): string {
  return Buffer.from(`${PREFIX}${JSON.stringify([position.region, position.cursor])}`).toString('base64url');
}

export function decodeNodeCursor(cursor: string): NodePosition {
  const text = Buffer.from(cursor, 'base64url').toString();
  if (text.startsWith(PREFIX)) {
    try {
      const [region, own] = JSON.parse(text.slice(PREFIX.length)) as unknown[];
      if (typeof region === 'string' && /^\d{6}$/.test(region) && (own === null || typeof own === 'string'))
        return { region, cursor: own };
    } catch {
      // falls through to the refusal
    }
  }
  throw badUserInput('after is not a cursor this API issued (over regional nodes)', 'after');
}
