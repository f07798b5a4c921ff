/** A GraphQL answer as it comes over HTTP. */
export interface Answer {
  data?: unknown;
  errors?: Array<{ message: string; path?: ReadonlyArray<string | number>; extensions?: Record<string, unknown> }>;
}

/** JSON with object keys sorted: two answers that differ only in key order compare equal. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)),
        )
      : v,
  );
}

/** Where an error lands in the data: the first position along its path that is null (the field itself when none before it is). */
function landing(data: unknown, path: ReadonlyArray<string | number>): string {
  let at: unknown = data;
  for (const [i, step] of path.entries()) {
    if (at === null || at === undefined) return JSON.stringify(path.slice(0, i));
    at = (at as Record<string | number, unknown>)[step];
  }
  return JSON.stringify(path);
}

/**
 * Where an answer's errors land, as a sorted set. Not the paths themselves: when sibling non-null fields
 * both fail, GraphQL nulls their parent and an executor may stop at the first, so which sibling's error
 * is reported depends on execution order; the position nulled does not.
 */
const errorLandings = (answer: Answer) =>
  [...new Set((answer.errors ?? []).map((e) => landing(answer.data ?? null, e.path ?? [])))].sort().join(' ');

/**
 * How two answers differ, or null when they agree: the data exactly, and whether there were errors
 * (messages are each gateway's own wording). `ordered`: fields must also come in the order the
 * operation selects them, as graphql-js gives them (@apollo/gateway orders merged fields its own way).
 * `paths`: the errors must also land at the same positions of the data.
 */
export function difference(a: Answer, b: Answer, options: { ordered: boolean; paths?: boolean }): string | null {
  const text = options.ordered ? JSON.stringify : canonical;
  if (text(a.data ?? null) !== text(b.data ?? null)) return 'data';
  if (Boolean(a.errors?.length) !== Boolean(b.errors?.length)) return 'errors';
  if (options.paths && errorLandings(a) !== errorLandings(b)) return 'error paths';
  return null;
}
