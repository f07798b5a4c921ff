import { createConnection, type Connection } from 'mysql2/promise';

import { regionCovers, regionPrefix } from '../../common/identifiers/region-code';
import { databaseName, type SubgraphName } from '../../common/subgraph-catalog';

/** One regional node's own database: the node's region and the prefix its databases are named with. */
export interface NodeDatabase {
  regionCode: string;
  databasePrefix: string;
}

/**
 * How a row of a table finds its region, where the table has no region_code of its own: through the
 * row it belongs to (`src` is the source database of the system, `staffing` the staffing one).
 */
const REGION_OF: Record<string, (src: string, staffing: string) => string> = {
  'staffing.region': () => 't.code',
  'staffing.establishment_plan': (src) => `(SELECT o.region_code FROM \`${src}\`.org o WHERE o.id = t.org_id)`,
  'staffing.internal_unit': (src) => `(SELECT o.region_code FROM \`${src}\`.org o WHERE o.id = t.org_id)`,
  'staffing.establishment_quota': (src) =>
    `(SELECT o.region_code FROM \`${src}\`.establishment_plan p JOIN \`${src}\`.org o ON o.id = p.org_id WHERE p.id = t.plan_id)`,
  'civil-affairs.household_member': (src) =>
    `(SELECT h.region_code FROM \`${src}\`.household h WHERE h.id = t.household_id)`,
  'activity.unit_leader': (_src, staffing) =>
    `(SELECT o.region_code FROM \`${staffing}\`.org o WHERE o.uscc = t.org_uscc)`,
};

/**
 * The rows a node holds: those of its region and below, except the regions a more specific node
 * holds (a county without its own node is served by its city's). Rows with no region (reference
 * data) go to the nodes no other node is above.
 */
function holdsPredicate(node: string, all: readonly string[], region: string): string {
  const inside = all.filter((other) => other !== node && regionCovers(node, other));
  const clauses = [
    `${region} LIKE '${regionPrefix(node)}%'`,
    ...inside.map((o) => `${region} NOT LIKE '${regionPrefix(o)}%'`),
  ];
  const isRoot = !all.some((other) => other !== node && regionCovers(other, node));
  return `((${clauses.join(' AND ')})${isRoot ? ` OR ${region} IS NULL` : ''})`;
}

/**
 * Partitions one system's seeded database into its regional nodes' own databases (MariaDB): each node
 * gets the same tables (and migration history), holding only its rows. No node's database is read by
 * another node; the source is the generator's whole dataset, so the network holds exactly what one
 * system would.
 */
export async function partitionSystem(
  databaseUrl: string,
  system: SubgraphName,
  sourcePrefix: string,
  nodes: readonly NodeDatabase[],
  /** Only these nodes' databases are made (the others still decide what these hold); default all. */
  only?: readonly string[],
): Promise<void> {
  const src = databaseName(sourcePrefix, system);
  const staffing = databaseName(sourcePrefix, 'staffing');
  const codes = nodes.map((n) => n.regionCode);
  const queue = nodes.filter((n) => !only || only.includes(n.regionCode));
  // A few nodes at a time, each over a connection of its own: the copies are independent.
  const workers = await Promise.all(
    Array.from({ length: Math.min(PARALLEL_COPIES, queue.length) }, () =>
      createConnection({ uri: databaseUrl, multipleStatements: false }),
    ),
  );
  try {
    if (!workers.length) return;
    const [tables] = (await workers[0]!.query(
      `SELECT t.table_name AS name, SUM(c.column_name = 'region_code') AS regional
       FROM information_schema.tables t JOIN information_schema.columns c
         ON c.table_schema = t.table_schema AND c.table_name = t.table_name
       WHERE t.table_schema = ? AND t.table_type = 'BASE TABLE' GROUP BY t.table_name`,
      [src],
    )) as unknown as [Array<{ name: string; regional: number }>];
    await Promise.all(
      workers.map(async (connection) => {
        for (let node = queue.shift(); node; node = queue.shift()) {
          const dst = databaseName(node.databasePrefix, system);
          await connection.query(`DROP DATABASE IF EXISTS \`${dst}\``);
          await connection.query(`CREATE DATABASE \`${dst}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
          const code = node.regionCode;
          await copyTables(connection, tables, { system, src, dst, staffing }, (region) =>
            holdsPredicate(code, codes, region),
          );
        }
      }),
    );
  } finally {
    await Promise.all(workers.map((w) => w.end()));
  }
}

/** Node databases cut at once (MariaDB copies each on its own connection). */
const PARALLEL_COPIES = 3;

async function copyTables(
  connection: Connection,
  tables: ReadonlyArray<{ name: string; regional: number }>,
  at: { system: string; src: string; dst: string; staffing: string },
  holds: (regionExpression: string) => string,
): Promise<void> {
  await connection.query('SET SESSION foreign_key_checks = 0');
  for (const { name, regional } of tables) {
    await connection.query(`CREATE TABLE \`${at.dst}\`.\`${name}\` LIKE \`${at.src}\`.\`${name}\``);
    const rule = REGION_OF[`${at.system}.${name}`];
    const region = rule ? rule(at.src, at.staffing) : Number(regional) ? 't.region_code' : null;
    await connection.query(
      `INSERT INTO \`${at.dst}\`.\`${name}\` SELECT t.* FROM \`${at.src}\`.\`${name}\` t${region ? ` WHERE ${holds(region)}` : ''}`,
    );
  }
}
