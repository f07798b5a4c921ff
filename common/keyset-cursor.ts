/**
 * The cursor of a list ordered by its rows' numeric id (keyset pagination): "after the row with this
 * id". Subgraphs issue it; the gateway, merging the same list from several regional nodes in id
 * order, issues the same cursor, so a page over many nodes is the page one system would give.
 */
const PREFIX = 'id:';

export function encodeKeysetCursor(id: number): string {
  return Buffer.from(`${PREFIX}${id}`).toString('base64url');
}

/** The id a keyset cursor stands after; null for any other text. */
export function decodeKeysetCursor(cursor: string): number | null {
  const text = Buffer.from(cursor, 'base64url').toString();
  const id = Number(text.slice(PREFIX.length));
  return text.startsWith(PREFIX) && /^\d{1,16}$/.test(text.slice(PREFIX.length)) && Number.isSafeInteger(id)
    ? id
    : null;
}
