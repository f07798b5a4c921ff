import 'reflect-metadata';

import { createConnection } from 'mysql2/promise';
import { DataSource } from 'typeorm';

import { ensureMysqlDatabase } from '../../common/database/database';
import { SnakeNamingStrategy } from '../../common/database/naming-strategy';
import { SUBGRAPH_NAMES } from '../../common/subgraph-catalog';
import { gatewayTables } from '../../gateway/database/tables';
import { SUBGRAPH_DEFINITIONS } from '../../subgraphs/definitions';
import { TEST_MYSQL_URL } from '../support/env';

/** After its migrations, each database has exactly the tables its entities describe, on both dialects. */
describe.each([...SUBGRAPH_NAMES, 'gateway' as const])('%s migrations', (name) => {
  const tables = name === 'gateway' ? gatewayTables : SUBGRAPH_DEFINITIONS[name].tables;
  const common = {
    entities: tables.entities,
    namingStrategy: new SnakeNamingStrategy(),
    migrationsTableName: 'migrations',
  };

  async function pending(dataSource: DataSource): Promise<string[]> {
    await dataSource.initialize();
    try {
      const ran = await dataSource.runMigrations();
      expect(ran.length).toBeGreaterThan(0);
      return (await dataSource.driver.createSchemaBuilder().log()).upQueries.map((q) => q.query);
    } finally {
      await dataSource.destroy();
    }
  }

  it('MariaDB: no schema change left to make', async () => {
    const scratch = `govgraph_test_migrations_${name.replace(/-/g, '_')}`;
    const admin = await createConnection({ uri: TEST_MYSQL_URL });
    await admin.query(`DROP DATABASE IF EXISTS \`${scratch}\``);
    const flavour = await ensureMysqlDatabase(TEST_MYSQL_URL, scratch);
    try {
      expect(
        await pending(
          new DataSource({
            ...common,
            type: flavour,
            url: `${TEST_MYSQL_URL}/${scratch}`,
            migrations: tables.migrations.mysql,
          }),
        ),
      ).toEqual([]);
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS \`${scratch}\``);
      await admin.end();
    }
  });

  it('SQLite: no schema change left to make', async () => {
    expect(await pending(new DataSource({ ...common, type: 'sqljs', migrations: tables.migrations.sqlite }))).toEqual(
      [],
    );
  });
});
