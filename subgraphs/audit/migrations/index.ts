import { Initial1795422529692 as MysqlInitial } from './mysql/1795422529692-Initial';
import { Initial1795422529692 as SqliteInitial } from './sqlite/1795422529692-Initial';

/** Migrations of the audit database, one list per dialect, oldest first. */
export const auditMigrations = {
  mysql: [MysqlInitial],
  sqlite: [SqliteInitial],
};
