/**
 * What the command palette offers and in which order, as plain data: the actions of the keymap
 * (with the words people type for them), snippets, views, accounts, labels and their tabs. Pure,
 * so a table of queries is checked under Node and the palette shows exactly this ranking.
 */
import { BUILTIN_VIEWS, PROVIDER_LABELS, VIEW_TITLES, type Account, type Label, type SavedSplit, type Snippet, type ViewId } from '../../shared/domain';
import { KEYMAP, type Command } from '../../shared/keymap';
import { fuzzyScore } from './fuzzy';

export type PaletteAction =
  | { kind: 'command'; command: Command }
  | { kind: 'view'; view: ViewId }
  | { kind: 'labels' }
  | { kind: 'snippet'; snippetId: string }
  | { kind: 'pin'; labelId: string; pinned: boolean };

export interface PaletteEntry {
  /** Unique and stable: 'command:archive', 'view:inbox', 'label:…', 'pin:…', 'snippet:…'. */
  id: string;
  /** The heading it sits under while browsing. */
  group: string;
  text: string;
  /** Quiet text on the right (a count, a snippet's start). */
  detail?: string;
  /** Other words that find it. */
  keywords: readonly string[];
  action: PaletteAction;
  /** Whose keys to show beside it. */
  shortcut?: Command;
  /** A label's colour, for its dot. */
  color?: string;
  /** Offered only once something is typed (one per label would crowd the list). */
  searchOnly?: boolean;
}

export interface PaletteContext {
  mode: 'all' | 'labels';
  labels: readonly Label[];
  accounts: readonly Account[];
  counts: Readonly<Record<string, number | undefined>>;
  snippets: readonly Snippet[];
  /** A reply box is open and takes text. */
  canSnippet: boolean;
  /** How many conversations are picked with x. */
  picked: number;
  /** The conversation an action would act on (open, else under the cursor), if any. */
  targetName: string | null;
  /** Searches saved as split tabs (each a view the palette goes to, shown as a tab or not). */
  savedSplits?: readonly SavedSplit[];
  /** A search with something typed is on screen: it can be saved as a split tab. */
  canSaveSearch?: boolean;
}

/** Commands that act on conversations: offered only when there is one to act on. */
const ON_CONVERSATIONS = new Set<Command>(['archive', 'archiveForever', 'moveToInbox', 'snooze', 'label', 'toggleRead', 'reply', 'profile', 'toggleSelect']);
/** The views' own entries carry these shortcuts, so they are not listed twice. */
const VIEW_SHORTCUTS: Partial<Record<ViewId, Command>> = { inbox: 'goInbox', snoozed: 'goSnoozed', archived: 'goArchived' };
const GO_COMMANDS = new Set<Command>(['goInbox', 'goSnoozed', 'goArchived', 'goLabel', 'goScheduled']);

const fmt = (n: number | undefined): string | undefined => (n === undefined ? undefined : n.toLocaleString());

/** What the palette lists, in browsing order (groups in order, entries in order within them). */
export function paletteEntries(ctx: PaletteContext): PaletteEntry[] {
  const entries: PaletteEntry[] = [];
  const labelEntries = ctx.labels.map(
    (l): PaletteEntry => ({ id: `label:${l.id}`, group: 'Labels', text: l.name, keywords: [`label ${l.name}`, `go to ${l.name}`], action: { kind: 'view', view: `label:${l.id}` }, color: l.color, detail: fmt(ctx.counts[`label:${l.id}`] ?? l.inboxCount) }),
  );
  if (ctx.mode === 'labels') return labelEntries;

  const hasTarget = ctx.picked > 0 || ctx.targetName !== null;
  const on = ctx.picked > 0 ? (ctx.picked === 1 ? '1 selected conversation' : `${ctx.picked} selected conversations`) : ctx.targetName;
  const hasDemo = ctx.accounts.some((a) => a.provider === 'demo');
  for (const b of KEYMAP) {
    if (b.scope !== 'global' || b.notInPalette || GO_COMMANDS.has(b.command)) continue;
    if (ON_CONVERSATIONS.has(b.command) && !hasTarget) continue;
    if (b.command === 'clearSelection' && ctx.picked === 0) continue;
    if (b.command === 'profile' && ctx.picked > 0) continue;
    if (b.command === 'removeDemo' && !hasDemo) continue;
    if (b.command === 'saveSearchAsSplit' && !ctx.canSaveSearch) continue;
    entries.push({ id: `command:${b.command}`, group: on ? `Actions on ${on}` : 'Actions', text: b.description, keywords: [b.label, ...(b.keywords ?? [])], action: { kind: 'command', command: b.command }, shortcut: b.command });
  }
  if (ctx.canSnippet) {
    for (const sn of ctx.snippets) {
      entries.push({ id: `snippet:${sn.id}`, group: 'Insert a snippet', text: `Snippet: ${sn.name}`, detail: sn.body.replace(/\s+/g, ' ').slice(0, 60), keywords: ['snippet', sn.name, sn.body.slice(0, 200)], action: { kind: 'snippet', snippetId: sn.id } });
    }
  }
  for (const v of BUILTIN_VIEWS) {
    entries.push({ id: `view:${v}`, group: 'Go to', text: `Go to ${VIEW_TITLES[v]}`, keywords: [VIEW_TITLES[v]], action: { kind: 'view', view: v }, shortcut: VIEW_SHORTCUTS[v], detail: fmt(ctx.counts[v]) });
  }
  const scheduled = KEYMAP.find((b) => b.command === 'goScheduled');
  if (scheduled) entries.push({ id: 'command:goScheduled', group: 'Go to', text: 'Go to Scheduled', keywords: [scheduled.label, ...(scheduled.keywords ?? [])], action: { kind: 'command', command: 'goScheduled' }, shortcut: 'goScheduled' });
  entries.push({ id: 'labels', group: 'Go to', text: 'Go to a label…', keywords: ['labels'], action: { kind: 'labels' }, shortcut: 'goLabel' });
  for (const a of ctx.accounts) {
    const provider = PROVIDER_LABELS[a.provider];
    entries.push({ id: `view:account:${a.id}`, group: 'Go to', text: `Go to account ${a.name} · ${provider}`, keywords: [a.name, provider], action: { kind: 'view', view: `account:${a.id}` }, detail: fmt(ctx.counts[`account:${a.id}`]) });
  }
  entries.push(...labelEntries);
  for (const s of ctx.savedSplits ?? []) {
    entries.push({ id: `view:search:${s.id}`, group: 'Split tabs', text: `Go to tab ${s.name}`, keywords: [s.name, s.query, 'split tab', 'saved search'], action: { kind: 'view', view: `search:${s.id}` }, detail: fmt(ctx.counts[`search:${s.id}`]) });
  }
  for (const l of ctx.labels) {
    entries.push({
      id: `pin:${l.id}`,
      group: 'Tabs',
      text: l.pinned ? `Unpin the “${l.name}” tab` : `Pin “${l.name}” as a tab`,
      keywords: l.pinned ? ['unpin', 'remove tab', 'split inbox'] : ['pin', 'add tab', 'split inbox'],
      action: { kind: 'pin', labelId: l.id, pinned: !l.pinned },
      color: l.color,
      searchOnly: true,
    });
  }
  return entries;
}

const words = (text: string): string[] => text.toLocaleLowerCase().split(/[\s\-_:/.·,&()“”"…]+/).filter(Boolean);

/**
 * How well a query fits one text: the pickers' fuzzy score, and for several words, each word
 * the start of a word of the text in any order ("add account" → "Add an account…").
 */
function fit(query: string, text: string): number | null {
  const fuzzy = fuzzyScore(query, text);
  const qw = words(query);
  if (qw.length < 2) return fuzzy;
  const tw = words(text);
  const allStart = qw.every((q) => tw.some((t) => t.startsWith(q)));
  const byWords = allStart ? 850 - tw.length : null;
  return fuzzy === null ? byWords : byWords === null ? fuzzy : Math.max(fuzzy, byWords);
}

/** An entry's score for a query (higher is better), or null when nothing about it matches. */
export function paletteScore(query: string, entry: PaletteEntry): number | null {
  let best = fit(query, entry.text);
  for (const k of entry.keywords) {
    const s = fit(query, k);
    // The entry's own words win a tie over its synonyms.
    if (s !== null && (best === null || s - 5 > best)) best = s - 5;
  }
  return best;
}

/** The entries the palette shows for a query, best first (browsing order when nothing is typed). */
export function rankPalette(entries: readonly PaletteEntry[], query: string): PaletteEntry[] {
  if (query.trim() === '') return entries.filter((e) => !e.searchOnly);
  return entries
    .map((entry, index) => ({ entry, index, score: paletteScore(query, entry) }))
    .filter((x): x is { entry: PaletteEntry; index: number; score: number } => x.score !== null)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .map((x) => x.entry);
}
