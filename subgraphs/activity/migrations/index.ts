import { Initial1795422531110 as MysqlInitial } from './mysql/1795422531110-Initial';
import { Initial1795422531110 as SqliteInitial } from './sqlite/1795422531110-Initial';

/** Migrations of the activity database, one list per dialect, oldest first. */
export const activityMigrations = {
  mysql: [MysqlInitial],
  sqlite: [SqliteInitial],
};
