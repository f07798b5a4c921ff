import { Initial1795426681624 as MysqlInitial } from './mysql/1795426681624-Initial';
import { Initial1795426681624 as SqliteInitial } from './sqlite/1795426681624-Initial';
import { AccessLog1795434314340 as MysqlAccessLog } from './mysql/1795434314340-AccessLog';
import { AccessLog1795434314340 as SqliteAccessLog } from './sqlite/1795434314340-AccessLog';
import { RegionGrants1795440872576 as MysqlRegionGrants } from './mysql/1795440872576-RegionGrants';
import { RegionGrants1795440872576 as SqliteRegionGrants } from './sqlite/1795440872576-RegionGrants';
import { AccessLogGrants1795461849881 as MysqlAccessLogGrants } from './mysql/1795461849881-AccessLogGrants';
import { AccessLogGrants1795461849881 as SqliteAccessLogGrants } from './sqlite/1795461849881-AccessLogGrants';
import { SharingAgreements1796398006616 as MysqlSharingAgreements } from './mysql/1796398006616-SharingAgreements';
import { SharingAgreements1796398006616 as SqliteSharingAgreements } from './sqlite/1796398006616-SharingAgreements';
import { RegionalNodes1796667014660 as MysqlRegionalNodes } from './mysql/1796667014660-RegionalNodes';
import { RegionalNodes1796667014660 as SqliteRegionalNodes } from './sqlite/1796667014660-RegionalNodes';

/** Migrations of the gateway database, one list per dialect, oldest first. */
export const gatewayMigrations = {
  mysql: [MysqlInitial, MysqlAccessLog, MysqlRegionGrants, MysqlAccessLogGrants, MysqlSharingAgreements, MysqlRegionalNodes],
  sqlite: [SqliteInitial, SqliteAccessLog, SqliteRegionGrants, SqliteAccessLogGrants, SqliteSharingAgreements, SqliteRegionalNodes],
};
