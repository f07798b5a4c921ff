import { Initial1795422993281 as MysqlInitial } from './mysql/1795422993281-Initial';
import { Initial1795422993281 as SqliteInitial } from './sqlite/1795422993281-Initial';

/** Migrations of the finance database, one list per dialect, oldest first. */
export const financeMigrations = {
  mysql: [MysqlInitial],
  sqlite: [SqliteInitial],
};
