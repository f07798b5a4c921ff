import { Initial1796316075986 as MysqlInitial } from './mysql/1796316075986-Initial';
import { Initial1796316075986 as SqliteInitial } from './sqlite/1796316075986-Initial';

/** Migrations of the cases database, one list per dialect, oldest first. */
export const casesMigrations = {
  mysql: [MysqlInitial],
  sqlite: [SqliteInitial],
};
