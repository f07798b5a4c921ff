import { GraphQLScalarType } from 'graphql';

import { badUserInput } from './errors';

/**
 * Rows in columns: how a source subgraph hands the supervision subgraph bulk facts (a whole roll, a
 * quarter's payroll) without a GraphQL object per row. Internal to the graph: the fields that return
 * it are @inaccessible, so only signed callers (the gateway, the supervision subgraph) can ask.
 */
export interface FactTable {
  columns: string[];
  rows: unknown[][];
}

export const FactTableScalar = new GraphQLScalarType<FactTable, FactTable>({
  name: 'FactTable',
  description: 'Rows in columns, { columns: [name], rows: [[value]] }; output only.',
  serialize: (value) => value as FactTable,
  parseValue: () => {
    throw badUserInput('FactTable is an output type');
  },
  parseLiteral: () => {
    throw badUserInput('FactTable is an output type');
  },
});

/** A fact table from query rows (objects keyed by column). */
export function toFactTable<C extends string>(
  columns: readonly C[],
  rows: ReadonlyArray<Record<C, unknown>>,
): FactTable {
  return { columns: [...columns], rows: rows.map((row) => columns.map((c) => row[c])) };
}

/** Reads a fact table back into objects, checking that the columns asked for are there. */
export function fromFactTable<C extends string>(table: FactTable, columns: readonly C[]): Array<Record<C, unknown>> {
  const index = columns.map((c) => {
    const i = table.columns.indexOf(c);
    if (i < 0) throw new Error(`fact table has no column "${c}" (has ${table.columns.join(', ')})`);
    return i;
  });
  return table.rows.map((row) => {
    const out = {} as Record<C, unknown>;
    columns.forEach((c, k) => (out[c] = row[index[k]!]));
    return out;
  });
}
