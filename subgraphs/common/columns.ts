import type { ValueTransformer } from 'typeorm';

/** DECIMAL comes back from mysql2 as a string and from SQLite as a number; GraphQL wants a number. */
export const decimalToNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null ? null : Number(value)),
};

export const MONEY = { type: 'decimal', precision: 16, scale: 2, transformer: decimalToNumber } as const;
