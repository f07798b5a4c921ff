import { Initial1795422526858 as MysqlInitial } from './mysql/1795422526858-Initial';
import { Initial1795422526858 as SqliteInitial } from './sqlite/1795422526858-Initial';

/** Migrations of the finance database, one list per dialect, oldest first. */
export const financeMigrations = {
  mysql: [MysqlInitial],
  sqlite: [SqliteInitial],
};
