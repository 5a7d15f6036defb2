/**
 * The command palette (Ctrl/Cmd+K): every action and every view, each with its shortcut, found
 * by its words and synonyms (paletteEntries.ts ranks them; cmdk draws the list and moves the
 * cursor). Actions apply to the picked conversations, else the open one, else the one under the
 * cursor. `g l` opens it on the labels alone. "Remove the demo account…" asks here first.
 */
import { Command } from 'cmdk';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { StoreApi } from 'zustand/vanilla';
import { errorSentence } from '../api';
import { demoAccount, removeDemo } from '../appActions';
import { runCommand } from '../commands';
import { keyPieces, pressFor, type Command as CommandName } from '../keymap';
import { useKeymap } from '../useKeymap';
import { paletteEntries, rankPalette, type PaletteEntry } from '../paletteEntries';
import type { InboxStore } from '../store';
import { useInbox, useInboxStore } from '../storeContext';
import { LabelDot } from './LabelChips';

function Keys({ command }: { command: CommandName }) {
  useKeymap();
  const pieces = keyPieces(command);
  if (pieces.length === 0) return null;
  return (
    <span className="palette-keys">
      {pieces.map((p, i) => (
        <kbd key={i}>{p}</kbd>
      ))}
    </span>
  );
}

/** Closes the palette, gives the focus back, then runs what was chosen (it may open a picker). */
function choose(store: StoreApi<InboxStore>, restore: HTMLElement | null, then: () => void): void {
  store.getState().closeOverlay();
  if (restore?.isConnected) restore.focus();
  queueMicrotask(then);
}

/** Runs an entry's action. */
function perform(store: StoreApi<InboxStore>, entry: PaletteEntry): void {
  const s = store.getState();
  const a = entry.action;
  switch (a.kind) {
    case 'command':
      runCommand(store, a.command);
      return;
    case 'view':
      s.selectView(a.view);
      return;
    case 'labels':
      return;
    case 'snippet':
      void s.insertSnippet(a.snippetId);
      return;
    case 'pin': {
      const name = s.labels.find((l) => l.id === a.labelId)?.name ?? 'The label';
      s.updateLabel(a.labelId, { pinned: a.pinned }).then(
        () => s.notify(a.pinned ? `“${name}” is a tab above the list.` : `“${name}” is no longer a tab.`, 'info'),
        (err: unknown) => s.notify(errorSentence(err), 'error'),
      );
      return;
    }
  }
}

function Item({ entry, onSelect }: { entry: PaletteEntry; onSelect(): void }) {
  return (
    <Command.Item value={entry.id} onSelect={onSelect} data-entry={entry.id}>
      {entry.color && <LabelDot color={entry.color} />}
      <span className="palette-text">{entry.text}</span>
      {entry.detail !== undefined && <span className="palette-detail">{entry.detail}</span>}
      {entry.shortcut && <Keys command={entry.shortcut} />}
    </Command.Item>
  );
}

/** Entries under their headings while browsing; while typing, one list ranked by match. */
function Listing({ entries, flat, render }: { entries: PaletteEntry[]; flat: boolean; render(e: PaletteEntry): ReactNode }) {
  if (flat) return <>{entries.map(render)}</>;
  const groups = new Map<string, PaletteEntry[]>();
  for (const e of entries) groups.set(e.group, [...(groups.get(e.group) ?? []), e]);
  return (
    <>
      {[...groups].map(([heading, list]) => (
        <Command.Group key={heading} heading={heading}>
          {list.map(render)}
        </Command.Group>
      ))}
    </>
  );
}

export function Palette({ mode }: { mode: 'all' | 'labels' }) {
  const store = useInboxStore();
  const labels = useInbox((s) => s.labels);
  const accounts = useInbox((s) => s.accounts);
  const counts = useInbox((s) => s.counts);
  const snippets = useInbox((s) => s.settings?.snippets);
  const canSnippet = useInbox((s) => s.openId !== null && s.thread?.composer.enabled === true);
  const picked = useInbox((s) => Object.keys(s.checked).length);
  const targetName = useInbox((s) => {
    const id = s.openId ?? s.selectedId;
    if (!id) return null;
    const c = s.items.find((x) => x.id === id) ?? s.search?.hits.find((h) => h.conversation.id === id)?.conversation ?? s.thread?.conversation;
    return c ? c.participant.name || c.title : null;
  });
  const savedSplits = useInbox((s) => s.settings?.savedSplits);
  const canSaveSearch = useInbox((s) => (s.search?.query.trim() ?? '') !== '');
  const openOverlay = useInbox((s) => s.openOverlay);
  const [search, setSearch] = useState('');
  const [confirmingDemo, setConfirmingDemo] = useState(false);
  const restore = useRef<HTMLElement | null>(null);

  useEffect(() => {
    const before = document.activeElement;
    restore.current = before instanceof HTMLElement && before !== document.body ? before : null;
  }, []);

  const entries = useMemo(
    () => paletteEntries({ mode, labels, accounts, counts, snippets: snippets ?? [], canSnippet, picked, targetName, savedSplits, canSaveSearch }),
    [mode, labels, accounts, counts, snippets, canSnippet, picked, targetName, savedSplits, canSaveSearch],
  );
  const shown = useMemo(() => rankPalette(entries, search), [entries, search]);
  const flat = search.trim() !== '';

  const close = () => choose(store, restore.current, () => {});
  function select(entry: PaletteEntry): void {
    if (entry.action.kind === 'labels') {
      openOverlay({ kind: 'palette', mode: 'labels' });
      return;
    }
    if (entry.action.kind === 'command' && entry.action.command === 'removeDemo') {
      setSearch('');
      setConfirmingDemo(true);
      return;
    }
    // A snippet goes into the reply box, which takes the focus itself.
    choose(store, entry.action.kind === 'snippet' ? null : restore.current, () => perform(store, entry));
  }

  const demo = demoAccount({ accounts });
  if (confirmingDemo && demo) {
    return (
      <div className="overlay-backdrop" onMouseDown={(e) => e.target === e.currentTarget && close()}>
        <Command className="palette" label="Remove the demo account?" aria-label="Remove the demo account?" role="alertdialog" aria-modal="true" loop shouldFilter={false}>
          <p className="palette-question" id="palette-question">
            Remove the demo account and its generated conversations? Your own accounts are not touched.
          </p>
          <Command.Input autoFocus className="palette-input" value={search} onValueChange={setSearch} aria-describedby="palette-question" placeholder="Enter to remove, Esc to keep it" />
          <Command.List className="palette-list">
            <Command.Item value="remove" onSelect={() => choose(store, restore.current, () => void removeDemo(store.getState()))}>
              <span className="palette-text">Yes, remove the demo account</span>
            </Command.Item>
            <Command.Item value="keep" onSelect={close}>
              <span className="palette-text">No, keep it</span>
            </Command.Item>
          </Command.List>
        </Command>
      </div>
    );
  }

  return (
    <div
      className="overlay-backdrop"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) close();
      }}
    >
      <Command className="palette" label="Command palette" aria-label="Command palette" loop shouldFilter={false} role="dialog" aria-modal="true">
        <Command.Input
          autoFocus
          className="palette-input"
          value={search}
          onValueChange={setSearch}
          placeholder={mode === 'labels' ? 'Go to label…' : 'Type a command or a view…'}
          onKeyDown={(e) => {
            // Backspace on an empty label search goes back to every command.
            if (mode === 'labels' && e.key === 'Backspace' && search === '') openOverlay({ kind: 'palette', mode: 'all' });
          }}
        />
        <Command.List className="palette-list">
          <Command.Empty className="palette-empty">{mode === 'labels' && labels.length === 0 ? `No labels yet: ${pressFor('label')} on a conversation to make one.` : 'Nothing matches.'}</Command.Empty>
          <Listing entries={shown} flat={flat} render={(e) => <Item key={e.id} entry={e} onSelect={() => select(e)} />} />
        </Command.List>
      </Command>
    </div>
  );
}
