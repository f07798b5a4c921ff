import { Initial1795422528340 as MysqlInitial } from './mysql/1795422528340-Initial';
import { Initial1795422528340 as SqliteInitial } from './sqlite/1795422528340-Initial';

/** Migrations of the civil-affairs database, one list per dialect, oldest first. */
export const civilAffairsMigrations = {
  mysql: [MysqlInitial],
  sqlite: [SqliteInitial],
};
