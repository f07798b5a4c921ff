import type { StorageConfig } from '../../../common/config';
import { type SubgraphDatabase } from '../../../common/database/database';
import { CompositionRecord } from '../../database/entities/composition-record';
import { RegistryEventRecord } from '../../database/entities/registry-event-record';
import { openGatewayDatabase } from '../../database/gateway-database';
import type { CompositionVersion, RegistryEvent } from '../registry/model';
import type { RegistryChanges } from '../registry/store';

/** Actions after which the event's version is the one being served. */
const MAKES_LIVE = new Set(['approve', 'retire', 'rollback', 'bootstrap', 'restore', 'readdress']);

/**
 * The registry's durable history in the gateway's own database (MySQL govgraph_gateway, or the
 * embedded SQLite file): every composition and every event, insert-only. Redis holds the working
 * state; this is what survives Redis losing it.
 */
export class RegistryHistory implements AsyncDisposable {
  constructor(private readonly db: SubgraphDatabase) {}

  static async open(storage: StorageConfig): Promise<RegistryHistory> {
    return new RegistryHistory(await openGatewayDatabase(storage));
  }

  async append(changes: RegistryChanges): Promise<void> {
    if (!changes.compositions.length && !changes.events.length) return;
    await this.db.dataSource.transaction(async (manager) => {
      for (const c of changes.compositions) {
        await manager.insert(CompositionRecord, {
          version: c.version,
          createdAt: c.createdAt,
          createdBy: c.createdBy,
          reason: c.reason,
          subgraphs: c.subgraphs,
          supergraphSdl: c.supergraphSdl,
        });
      }
      for (const e of changes.events) {
        await manager.insert(RegistryEventRecord, {
          at: e.at,
          actor: e.actor,
          action: e.action,
          subgraph: e.subgraph ?? null,
          revision: e.revision ?? null,
          version: e.version ?? null,
          detail: e.detail ?? null,
        });
      }
    });
    await this.db.persist();
  }

  /** Every composition and the one last made live, or null for a registry that never composed. */
  async latest(): Promise<{ live: number; compositions: CompositionVersion[] } | null> {
    const records = await this.db.dataSource.getRepository(CompositionRecord).find({ order: { version: 'ASC' } });
    const events = await this.db.dataSource
      .getRepository(RegistryEventRecord)
      .find({ order: { id: 'DESC' }, take: 1000 });
    const live = events.find((e) => MAKES_LIVE.has(e.action) && e.version !== null)?.version;
    if (!records.length || !live) return null;
    return {
      live,
      compositions: records.map((r) => ({ ...r, subgraphs: r.subgraphs as CompositionVersion['subgraphs'] })),
    };
  }

  async events(): Promise<RegistryEvent[]> {
    const rows = await this.db.dataSource.getRepository(RegistryEventRecord).find({ order: { id: 'ASC' } });
    return rows.map((r) => ({
      at: r.at,
      actor: r.actor,
      action: r.action as RegistryEvent['action'],
      ...(r.subgraph ? { subgraph: r.subgraph } : {}),
      ...(r.revision !== null ? { revision: r.revision } : {}),
      ...(r.version !== null ? { version: r.version } : {}),
      ...(r.detail ? { detail: r.detail } : {}),
    }));
  }

  close(): Promise<void> {
    return this.db.close();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
