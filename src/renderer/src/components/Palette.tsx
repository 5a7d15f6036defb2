/**
 * The command palette (Ctrl/Cmd+K): every action and every view, fuzzy matched (cmdk), each
 * with its shortcut. Actions apply to the picked conversations, else the open one, else the one
 * under the cursor. `g l` opens it on the labels alone. Drawn from KEYMAP like the help.
 */
import { Command } from 'cmdk';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { StoreApi } from 'zustand/vanilla';
import { BUILTIN_VIEWS, PROVIDER_LABELS, VIEW_TITLES, type ViewId } from '../../../shared/domain';
import { runCommand } from '../commands';
import { count } from '../format';
import { fuzzyScore } from '../fuzzy';
import { KEYMAP, keyPieces, type Command as CommandName } from '../keymap';
import type { InboxStore } from '../store';
import { useInbox, useInboxStore } from '../storeContext';
import { LabelDot } from './LabelChips';

/** Commands that act on conversations: offered only when there is one to act on. */
const ON_CONVERSATIONS = new Set<CommandName>(['archive', 'archiveForever', 'moveToInbox', 'snooze', 'label', 'toggleRead', 'reply', 'profile', 'toggleSelect']);
/** The views' own entries carry these shortcuts, so they are not listed twice. */
const VIEW_SHORTCUTS: Partial<Record<ViewId, CommandName>> = { inbox: 'goInbox', snoozed: 'goSnoozed', archived: 'goArchived' };
const GO_COMMANDS = new Set<CommandName>(['goInbox', 'goSnoozed', 'goArchived', 'goLabel']);

function Keys({ command }: { command: CommandName }) {
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

/** The same fuzzy ranking as the pickers (exact, prefix, word start, substring, then spread-out letters), on a 0–1 scale for cmdk. */
function rank(value: string, search: string, keywords?: string[]): number {
  let best = 0;
  for (const text of [value, ...(keywords ?? [])]) {
    const score = fuzzyScore(search, text);
    if (score !== null) best = Math.max(best, Math.min(1, Math.max(0.001, score / 1000)));
  }
  return best;
}

/** A headed group while browsing; while typing, its entries join one list ranked by match. */
function Group({ flat, heading, children }: { flat: boolean; heading: string; children: ReactNode }) {
  return flat ? <>{children}</> : <Command.Group heading={heading}>{children}</Command.Group>;
}

/** Closes the palette, gives the focus back, then runs what was chosen (it may open a picker). */
function choose(store: StoreApi<InboxStore>, restore: HTMLElement | null, then: () => void): void {
  store.getState().closeOverlay();
  if (restore?.isConnected) restore.focus();
  queueMicrotask(then);
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
  const openOverlay = useInbox((s) => s.openOverlay);
  const [search, setSearch] = useState('');
  const restore = useRef<HTMLElement | null>(null);

  useEffect(() => {
    const before = document.activeElement;
    restore.current = before instanceof HTMLElement && before !== document.body ? before : null;
  }, []);

  const close = () => choose(store, restore.current, () => {});
  const run = (command: CommandName) => choose(store, restore.current, () => runCommand(store, command));
  const go = (view: ViewId) => choose(store, restore.current, () => store.getState().selectView(view));

  // While typing, one list ranked by how well each entry matches (groups would keep their order).
  const flat = search.trim() !== '';

  const hasTarget = picked > 0 || targetName !== null;
  const actions = KEYMAP.filter((b) => b.scope === 'global' && !b.notInPalette && !GO_COMMANDS.has(b.command))
    .filter((b) => !ON_CONVERSATIONS.has(b.command) || hasTarget)
    .filter((b) => b.command !== 'clearSelection' || picked > 0)
    .filter((b) => b.command !== 'profile' || picked === 0);
  const on = picked > 0 ? (picked === 1 ? '1 selected conversation' : `${picked} selected conversations`) : targetName;

  return (
    <div
      className="overlay-backdrop"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) close();
      }}
    >
      <Command className="palette" label="Command palette" aria-label="Command palette" loop filter={rank} role="dialog" aria-modal="true">
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
          <Command.Empty className="palette-empty">{mode === 'labels' && labels.length === 0 ? 'No labels yet: press l on a conversation to make one.' : 'Nothing matches.'}</Command.Empty>
          {mode === 'all' && (
            <Group flat={flat} heading={on ? `Actions on ${on}` : 'Actions'}>
              {actions.map((b) => (
                <Command.Item key={b.command} value={b.description} keywords={[b.label]} onSelect={() => run(b.command)}>
                  <span className="palette-text">{b.description}</span>
                  <Keys command={b.command} />
                </Command.Item>
              ))}
            </Group>
          )}
          {mode === 'all' && canSnippet && snippets && snippets.length > 0 && (
            <Group flat={flat} heading="Insert a snippet">
              {snippets.map((sn) => (
                <Command.Item
                  key={sn.id}
                  value={`Snippet: ${sn.name}`}
                  keywords={['snippet', sn.body.slice(0, 200)]}
                  onSelect={() => choose(store, null, () => store.getState().insertSnippet(sn.id))}
                >
                  <span className="palette-text">Snippet: {sn.name}</span>
                  <span className="palette-detail">{sn.body.replace(/\s+/g, ' ').slice(0, 60)}</span>
                </Command.Item>
              ))}
            </Group>
          )}
          {mode === 'all' && (
            <Group flat={flat} heading="Go to">
              {BUILTIN_VIEWS.map((v) => (
                <Command.Item key={v} value={`Go to ${VIEW_TITLES[v]}`} onSelect={() => go(v)}>
                  <span className="palette-text">Go to {VIEW_TITLES[v]}</span>
                  <span className="palette-detail">{counts[v] === undefined ? '' : count(counts[v])}</span>
                  {VIEW_SHORTCUTS[v] && <Keys command={VIEW_SHORTCUTS[v]} />}
                </Command.Item>
              ))}
              <Command.Item value="Go to a label…" onSelect={() => openOverlay({ kind: 'palette', mode: 'labels' })}>
                <span className="palette-text">Go to a label…</span>
                <Keys command="goLabel" />
              </Command.Item>
              {accounts.map((a) => (
                <Command.Item key={a.id} value={`Go to account ${a.name} ${PROVIDER_LABELS[a.provider]}`} onSelect={() => go(`account:${a.id}`)}>
                  <span className="palette-text">
                    Go to account {a.name} · {PROVIDER_LABELS[a.provider]}
                  </span>
                  <span className="palette-detail">{counts[`account:${a.id}`] === undefined ? '' : count(counts[`account:${a.id}`]!)}</span>
                </Command.Item>
              ))}
            </Group>
          )}
          <Group flat={flat} heading="Labels">
            {labels.map((l) => (
              <Command.Item key={l.id} value={`Label ${l.name}`} keywords={[l.name]} onSelect={() => go(`label:${l.id}`)}>
                <LabelDot color={l.color} />
                <span className="palette-text">{l.name}</span>
                <span className="palette-detail">{count(counts[`label:${l.id}`] ?? l.inboxCount)}</span>
              </Command.Item>
            ))}
          </Group>
        </Command.List>
      </Command>
    </div>
  );
}
