import type { CompositionVersion, RegistryEvent } from './model';
import { emptyState, type RegistryChanges, type RegistryState, type RegistryStore } from './store';

/** The registry of a single gateway process (embedded default): no other instance to tell. */
export class MemoryRegistryStore implements RegistryStore {
  private state: RegistryState = emptyState();
  private readonly versions = new Map<number, CompositionVersion>();
  private readonly log: RegistryEvent[] = [];
  private readonly listeners: Array<(live: number) => void> = [];
  private queue: Promise<unknown> = Promise.resolve();

  async read(): Promise<RegistryState> {
    return structuredClone(this.state);
  }

  transact<T>(
    fn: (state: RegistryState) => Promise<{ state: RegistryState; changes: RegistryChanges; result: T }>,
  ): Promise<T> {
    const run = this.queue.then(async () => {
      const before = this.state.live;
      const { state, changes, result } = await fn(structuredClone(this.state));
      for (const c of [...changes.compositions, ...(changes.restored ?? [])])
        this.versions.set(c.version, structuredClone(c));
      this.log.push(...changes.events);
      this.state = structuredClone(state);
      if (state.live !== null && state.live !== before) for (const listener of this.listeners) listener(state.live);
      return result;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  async composition(version: number): Promise<CompositionVersion | undefined> {
    return this.versions.get(version);
  }

  async compositions(): Promise<CompositionVersion[]> {
    return [...this.versions.values()].sort((a, b) => a.version - b.version);
  }

  async events(last: number): Promise<RegistryEvent[]> {
    return this.log.slice(-last);
  }

  async watch(listener: (live: number | null) => void): Promise<void> {
    this.listeners.push(listener);
  }

  health() {
    return { ok: true, detail: 'in-process' };
  }

  async close(): Promise<void> {
    this.listeners.length = 0;
  }
}
