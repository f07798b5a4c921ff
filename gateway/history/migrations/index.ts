import { Initial1795426681624 as MysqlInitial } from './mysql/1795426681624-Initial';
import { Initial1795426681624 as SqliteInitial } from './sqlite/1795426681624-Initial';

/** Migrations of the gateway database, one list per dialect, oldest first. */
export const gatewayMigrations = {
  mysql: [MysqlInitial],
  sqlite: [SqliteInitial],
};
