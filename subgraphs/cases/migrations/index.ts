import { Initial1796317887734 as MysqlInitial } from './mysql/1796317887734-Initial';
import { Initial1796317887734 as SqliteInitial } from './sqlite/1796317887734-Initial';

/** Migrations of the cases database, one list per dialect, oldest first. */
export const casesMigrations = {
  mysql: [MysqlInitial],
  sqlite: [SqliteInitial],
};
