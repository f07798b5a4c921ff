import type { SubgraphTables } from '../../common/database/database';
import { casesEntities } from './entities';
import { casesMigrations } from './migrations';

/** The cases system's own database. */
export const casesTables: SubgraphTables = { entities: casesEntities, migrations: casesMigrations };
