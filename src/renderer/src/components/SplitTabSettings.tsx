/**
 * Settings → Split tabs: the searches saved as tabs (Ctrl/Cmd+S in search), in the order their
 * tabs show. Rename (Enter or leaving the field saves, Esc puts the name back), move up or down
 * (buttons, or Alt+↑ / Alt+↓ in the name field), remove. Each change is saved at once; a
 * refusal shows the core's sentence beside the tab.
 */
import { useEffect, useState, type KeyboardEvent } from 'react';
import type { SavedSplit } from '../../../shared/domain';
import { LIMITS } from '../../../shared/limits';
import { errorSentence } from '../api';
import { describeKeyOf } from '../keymap';
import { useKeymap } from '../useKeymap';
import { MAX_SPLIT_TABS } from '../store';
import { tabCount } from '../format';
import { useInbox } from '../storeContext';

type Feedback = { tone: 'saved' | 'error'; text: string } | null;

/** The list with one tab moved by `delta` places (kept within the ends). */
function moved(list: readonly SavedSplit[], index: number, delta: -1 | 1): SavedSplit[] {
  const to = index + delta;
  if (to < 0 || to >= list.length) return [...list];
  const next = [...list];
  [next[index], next[to]] = [next[to]!, next[index]!];
  return next;
}

function SplitRow({ split, index, all }: { split: SavedSplit; index: number; all: readonly SavedSplit[] }) {
  const updateSplits = useInbox((s) => s.updateSplits);
  const n = useInbox((s) => s.counts[`search:${split.id}`]);
  const [name, setName] = useState(split.name);
  const [feedback, setFeedback] = useState<Feedback>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => setName(split.name), [split.name]);

  async function save(next: SavedSplit[], said: string): Promise<boolean> {
    setFeedback(null);
    setBusy(true);
    try {
      await updateSplits(next);
      setFeedback({ tone: 'saved', text: said });
      return true;
    } catch (err) {
      setFeedback({ tone: 'error', text: errorSentence(err) });
      return false;
    } finally {
      setBusy(false);
    }
  }

  async function rename(): Promise<void> {
    const next = name.trim();
    if (next === split.name || busy) return;
    if (!(await save(all.map((s) => (s.id === split.id ? { ...s, name: next } : s)), 'Renamed.'))) setName(split.name);
  }

  function move(delta: -1 | 1): void {
    void save(moved(all, index, delta), delta < 0 ? 'Moved up.' : 'Moved down.');
  }

  function nameKeys(e: KeyboardEvent<HTMLInputElement>): void {
    if (e.key === 'Enter') {
      e.preventDefault();
      void rename();
    } else if (e.key === 'Escape' && name !== split.name) {
      // The first Esc puts the name back; the next one closes Settings.
      e.preventDefault();
      e.stopPropagation();
      setName(split.name);
    } else if (e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
      e.preventDefault();
      move(e.key === 'ArrowUp' ? -1 : 1);
    }
  }

  return (
    <li className="label-row split-row" data-split-id={split.id}>
      <div className="label-row-main">
        <input
          className="label-name-input"
          type="text"
          aria-label={`Name of tab ${split.name}`}
          value={name}
          maxLength={LIMITS.splitName}
          readOnly={busy}
          onChange={(e) => setName(e.target.value)}
          onBlur={() => void rename()}
          onKeyDown={nameKeys}
        />
        <code className="split-row-query" title="The search this tab shows">
          {split.query}
        </code>
        <span className="label-row-count">{tabCount(n)}</span>
        <button type="button" className="button button--compact" disabled={busy || index === 0} onClick={() => move(-1)} aria-label={`Move tab ${split.name} up`}>
          ↑
        </button>
        <button type="button" className="button button--compact" disabled={busy || index === all.length - 1} onClick={() => move(1)} aria-label={`Move tab ${split.name} down`}>
          ↓
        </button>
        <button
          type="button"
          className="button button--danger-quiet button--compact"
          disabled={busy}
          onClick={() => void save(all.filter((s) => s.id !== split.id), 'Removed.')}
          aria-label={`Remove tab ${split.name}`}
        >
          Remove
        </button>
      </div>
      {feedback && (
        <p className={feedback.tone === 'saved' ? 'setting-saved' : 'form-error'} role={feedback.tone === 'saved' ? 'status' : 'alert'}>
          {feedback.text}
        </p>
      )}
    </li>
  );
}

export function SplitTabSettings() {
  const splits = useInbox((s) => s.settings?.savedSplits ?? []);
  useKeymap();
  const save = describeKeyOf('saveSearchAsSplit') || 'choose “Save search as split tab” in the palette';
  const search = describeKeyOf('search') || 'from the palette';
  return (
    <div className="label-settings split-settings" data-section="split-tabs">
      <h3 className="settings-subtitle">Split tabs</h3>
      <p className="field-help">
        Search ({search}), then {describeKeyOf('saveSearchAsSplit') ? `press ${save}` : save} to keep that search as a tab with a live count. Tabs show after the inbox and the pinned labels, at most {MAX_SPLIT_TABS} in all; the rest are in
        the sidebar and the palette. Alt+↑ / Alt+↓ in a name moves the tab.
      </p>
      {splits.length === 0 ? (
        <p className="settings-empty">No saved searches yet.</p>
      ) : (
        <ul className="label-rows" aria-label="Split tabs">
          {splits.map((s, i) => (
            <SplitRow key={s.id} split={s} index={i} all={splits} />
          ))}
        </ul>
      )}
    </div>
  );
}
