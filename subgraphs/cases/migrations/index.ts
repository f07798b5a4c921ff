import { Initial1796316996362 as MysqlInitial } from './mysql/1796316996362-Initial';
import { Initial1796316996362 as SqliteInitial } from './sqlite/1796316996362-Initial';

/** Migrations of the cases database, one list per dialect, oldest first. */
export const casesMigrations = {
  mysql: [MysqlInitial],
  sqlite: [SqliteInitial],
};
