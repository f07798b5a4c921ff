/** CSV (RFC 4180) cells and lines, safe to open in a spreadsheet. */

/**
 * A cell: quoted when it holds a separator, quote or line break; a leading =, +, -, @, tab or CR is
 * prefixed with ' so that a spreadsheet shows it as text instead of running it as a formula.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text =
    typeof value === 'string'
      ? value
      : typeof value === 'number' || typeof value === 'boolean'
        ? String(value)
        : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (cells: readonly unknown[]): string => `${cells.map(csvCell).join(',')}\r\n`;

/** The values at a path of response keys, through lists (a person's paying bodies: several values). */
export function valuesAt(node: unknown, path: readonly string[]): unknown[] {
  if (node === null || node === undefined) return [];
  if (Array.isArray(node)) return node.flatMap((item) => valuesAt(item, path));
  if (path.length === 0) return [node];
  return valuesAt((node as Record<string, unknown>)[path[0]!], path.slice(1));
}

/** One row's cell for a column: its value, or several joined by "; ". */
export function cellAt(node: unknown, path: readonly string[]): unknown {
  const values = valuesAt(node, path);
  return values.length <= 1
    ? (values[0] ?? null)
    : values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join('; ');
}
