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

/**
 * How two answers differ, or null when they agree: the data exactly, and whether there were errors
 * (messages are each gateway's own wording). `ordered`: fields must also come in the order the
 * operation selects them, as graphql-js gives them (@apollo/gateway orders merged fields its own way).
 */
export function difference(a: Answer, b: Answer, options: { ordered: boolean }): string | null {
  const text = options.ordered ? JSON.stringify : canonical;
  if (text(a.data ?? null) !== text(b.data ?? null)) return 'data';
  if (Boolean(a.errors?.length) !== Boolean(b.errors?.length)) return 'errors';
  return null;
}
