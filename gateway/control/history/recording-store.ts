import type { RegistryChanges, RegistryState, RegistryStore } from '../registry/store';
import type { RegistryHistory } from './registry-history';

/**
 * A registry store that writes every change to the history database while still holding the
 * registry lock, before the store commits: if the history cannot be written, nothing changes.
 */
export function recordingStore(inner: RegistryStore, history: RegistryHistory): RegistryStore {
  return {
    read: () => inner.read(),
    transact: <T>(
      fn: (state: RegistryState) => Promise<{ state: RegistryState; changes: RegistryChanges; result: T }>,
    ) =>
      inner.transact(async (state) => {
        const outcome = await fn(state);
        await history.append(outcome.changes);
        return outcome;
      }),
    composition: (version) => inner.composition(version),
    compositions: () => inner.compositions(),
    events: (last) => inner.events(last),
    watch: (listener) => inner.watch(listener),
    health: () => inner.health(),
    close: async () => {
      await inner.close();
      await history.close();
    },
  };
}
