import type { CompositionVersion, RegistryEvent, SubgraphRecord } from './model';

/** The registry's mutable state; compositions are stored apart, immutable, by number. */
export interface RegistryState {
  subgraphs: Record<string, SubgraphRecord>;
  /** The composition every gateway serves, or null before the first one. */
  live: number | null;
  /** The highest composition number handed out. */
  lastVersion: number;
}

/** What one transaction adds besides the new state. */
export interface RegistryChanges {
  /** New compositions: stored, and written to the history. */
  compositions: CompositionVersion[];
  events: RegistryEvent[];
  /** Compositions put back into the store from the history (already recorded there). */
  restored?: CompositionVersion[];
}

/**
 * Where the registry lives: Redis for a fleet of gateways, in-process for the embedded default.
 * Transactions are exclusive across every gateway sharing the store.
 */
export interface RegistryStore {
  read(): Promise<RegistryState>;
  /** Runs `fn` holding the registry lock; what it returns as state and changes is saved atomically. */
  transact<T>(
    fn: (state: RegistryState) => Promise<{ state: RegistryState; changes: RegistryChanges; result: T }>,
  ): Promise<T>;
  composition(version: number): Promise<CompositionVersion | undefined>;
  compositions(): Promise<CompositionVersion[]>;
  events(last: number): Promise<RegistryEvent[]>;
  /**
   * Calls `listener` with the live version whenever any gateway changes it, and after reconnecting
   * (null then when the store came back empty: a Redis restarted without its data).
   */
  watch(listener: (live: number | null) => void): Promise<void>;
  /** Whether the store is reachable right now (shown on /readyz). */
  health(): { ok: boolean; detail: string };
  close(): Promise<void>;
}

export function emptyState(): RegistryState {
  return { subgraphs: {}, live: null, lastVersion: 0 };
}
