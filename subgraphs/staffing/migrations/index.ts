import { Initial1795422525378 as MysqlInitial } from './mysql/1795422525378-Initial';
import { Initial1795422525378 as SqliteInitial } from './sqlite/1795422525378-Initial';

/** Migrations of the staffing database, one list per dialect, oldest first. */
export const staffingMigrations = {
  mysql: [MysqlInitial],
  sqlite: [SqliteInitial],
};
