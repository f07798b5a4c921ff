import { Initial1796318381256 as MysqlInitial } from './mysql/1796318381256-Initial';
import { Webhooks1796329652058 as MysqlWebhooks } from './mysql/1796329652058-Webhooks';
import { Initial1796318381256 as SqliteInitial } from './sqlite/1796318381256-Initial';
import { Webhooks1796329652058 as SqliteWebhooks } from './sqlite/1796329652058-Webhooks';

/** Migrations of the cases database, one list per dialect, oldest first. */
export const casesMigrations = {
  mysql: [MysqlInitial, MysqlWebhooks],
  sqlite: [SqliteInitial, SqliteWebhooks],
};
