import { Initial1796318381256 as MysqlInitial } from './mysql/1796318381256-Initial';
import { Initial1796318381256 as SqliteInitial } from './sqlite/1796318381256-Initial';

/** Migrations of the cases database, one list per dialect, oldest first. */
export const casesMigrations = {
  mysql: [MysqlInitial],
  sqlite: [SqliteInitial],
};
