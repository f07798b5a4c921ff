import { Initial1795422531110 as MysqlInitial } from './mysql/1795422531110-Initial';
import { PresenceCoveringIndex1795448333433 as MysqlPresenceCoveringIndex } from './mysql/1795448333433-PresenceCoveringIndex';
import { UnitLeaders1796328250158 as MysqlUnitLeaders } from './mysql/1796328250158-UnitLeaders';
import { Initial1795422531110 as SqliteInitial } from './sqlite/1795422531110-Initial';
import { PresenceCoveringIndex1795448333433 as SqlitePresenceCoveringIndex } from './sqlite/1795448333433-PresenceCoveringIndex';
import { UnitLeaders1796328250158 as SqliteUnitLeaders } from './sqlite/1796328250158-UnitLeaders';

/** Migrations of the activity database, one list per dialect, oldest first. */
export const activityMigrations = {
  mysql: [MysqlInitial, MysqlPresenceCoveringIndex, MysqlUnitLeaders],
  sqlite: [SqliteInitial, SqlitePresenceCoveringIndex, SqliteUnitLeaders],
};
