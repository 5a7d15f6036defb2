/** Hands the one store to every component, so tests and the app build it with the api they choose. */
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { InboxStore } from './store';

export const StoreContext = createContext<StoreApi<InboxStore> | null>(null);

export function useInboxStore(): StoreApi<InboxStore> {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useInbox needs a StoreContext.Provider above it.');
  return store;
}

/** Reads a slice of the store; re-renders only when that slice changes (return primitives or stable references). */
export function useInbox<T>(selector: (s: InboxStore) => T): T {
  return useStore(useInboxStore(), selector);
}
