import type { EntityTarget, ObjectLiteral } from 'typeorm';

import { AccessLogRecord } from '../entities/access-log-record';
import { CompositionRecord } from '../entities/composition-record';
import { RegionGrantRecord } from '../entities/region-grant-record';
import { RegionalNodeRecord } from '../entities/regional-node-record';
import { RegistryEventRecord } from '../entities/registry-event-record';
import { SharingAgreementRecord } from '../entities/sharing-agreement-record';

/** A table of the gateway's own database a backup holds: its entity, and the key its rows are read in order of. */
export interface BackupTable {
  name: string;
  entity: EntityTarget<ObjectLiteral>;
  key: string;
}

/**
 * Everything the gateway keeps that is not rebuilt from elsewhere: the compositions and the registry's
 * events (the registry's live state in Redis is restored from them), the cross-region grants, the sharing
 * agreements, the regional nodes (restored into Redis when it comes back empty), and the access log with its checkpoints. Rows keep their ids, so the log's chain and the grant ids that log
 * records name stay as they were.
 */
export const BACKUP_TABLES: readonly BackupTable[] = [
  { name: 'composition_version', entity: CompositionRecord, key: 'version' },
  { name: 'registry_event', entity: RegistryEventRecord, key: 'id' },
  { name: 'region_grant', entity: RegionGrantRecord, key: 'id' },
  { name: 'sharing_agreement', entity: SharingAgreementRecord, key: 'id' },
  { name: 'regional_node', entity: RegionalNodeRecord, key: 'id' },
  { name: 'access_log', entity: AccessLogRecord, key: 'id' },
];

/** The first line of a backup file. */
export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: 1;
  at: string;
  /** Where it was taken from: mysql (MySQL/MariaDB) or sqlite (the embedded default). */
  dialect: string;
  /** The database's migrations when it was taken: a restore needs a database that knows each. */
  migrations: string[];
}

/** The last line: rows per table, and the SHA-256 of every line before it (newlines included). */
export interface BackupTrailer {
  end: true;
  rows: Record<string, number>;
  sha256: string;
}

/** One row. */
export interface BackupRow {
  table: string;
  row: Record<string, unknown>;
}

export const BACKUP_FORMAT = 'govgraph-gateway-backup';
