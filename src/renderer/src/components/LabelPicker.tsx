/**
 * The label picker (`l`): a filter field over every label (fuzzy, best match first), each
 * with a checkbox saying whether the conversation has it. ↑/↓ move, Enter toggles the
 * highlighted label and closes (Shift+Enter keeps the picker open for another), a name that
 * does not exist yet offers "Create label “…”", Esc closes. Clicks toggle and keep it open.
 * Ctrl/Cmd+P pins the highlighted label as a split-inbox tab (or unpins it), without toggling it.
 */
import { useMemo, useState, type KeyboardEvent } from 'react';
import type { ConversationSummary, Label } from '../../../shared/domain';
import { errorSentence } from '../api';
import { fuzzyFilter } from '../fuzzy';
import { describeChord } from '../keymap';
import { conversationFor } from '../store';
import { useInbox } from '../storeContext';
import { LabelDot } from './LabelChips';
import { Popover } from './Popover';
import { LIMITS } from '../../../shared/limits';

type Option = { kind: 'label'; label: Label; state: 'all' | 'some' | 'none' } | { kind: 'create'; name: string };

const MAX_NAME = LIMITS.labelName;

function labelState(conversations: readonly ConversationSummary[], labelId: string): 'all' | 'some' | 'none' {
  const n = conversations.filter((c) => c.labels.some((l) => l.id === labelId)).length;
  return n === 0 ? 'none' : n === conversations.length ? 'all' : 'some';
}

export function LabelPicker({ ids }: { ids: string[] }) {
  const labels = useInbox((s) => s.labels);
  const items = useInbox((s) => s.items);
  const thread = useInbox((s) => s.thread);
  const search = useInbox((s) => s.search);
  const applyLabel = useInbox((s) => s.applyLabel);
  const createLabel = useInbox((s) => s.createLabel);
  const updateLabel = useInbox((s) => s.updateLabel);
  const [said, setSaid] = useState<string | null>(null);
  const close = useInbox((s) => s.closePopover);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const conversations = useMemo(
    () => ids.map((id) => conversationFor({ items, search, thread }, id)).filter((c): c is ConversationSummary => c !== null),
    [ids, items, search, thread],
  );

  const options: Option[] = useMemo(() => {
    const found: Option[] = fuzzyFilter(labels, query, (l) => l.name).map((label) => ({ kind: 'label', label, state: labelState(conversations, label.id) }));
    const name = query.trim().replace(/\s+/g, ' ');
    const exists = labels.some((l) => l.name.localeCompare(name, undefined, { sensitivity: 'accent' }) === 0);
    if (name && !exists) found.push({ kind: 'create', name });
    return found;
  }, [labels, query, conversations]);

  const highlighted = Math.min(active, Math.max(0, options.length - 1));
  // Select all may pick rows not fetched yet: the count is of what was picked.
  const who = ids.length === 1 && conversations.length === 1 ? conversations[0]!.participant.name || conversations[0]!.title : `${ids.length.toLocaleString()} conversations`;
  const optionId = (i: number) => `label-option-${i}`;

  async function choose(option: Option | undefined, keepOpen: boolean): Promise<void> {
    if (!option || busy || conversations.length === 0) return;
    setError(null);
    if (option.kind === 'label') {
      void applyLabel(ids, option.label.id, option.state !== 'all');
    } else {
      setBusy(true);
      try {
        const label = await createLabel(option.name);
        void applyLabel(ids, label.id, true);
      } catch (err) {
        setError(errorSentence(err));
        return;
      } finally {
        setBusy(false);
      }
    }
    if (keepOpen) {
      setQuery('');
      setActive(0);
    } else {
      close();
    }
  }

  async function togglePin(option: Option | undefined): Promise<void> {
    if (option?.kind !== 'label') return;
    const { id, name, pinned } = option.label;
    setError(null);
    try {
      await updateLabel(id, { pinned: !pinned });
      setSaid(pinned ? `“${name}” is no longer a tab.` : `“${name}” is a tab above the list.`);
    } catch (err) {
      setError(errorSentence(err));
    }
  }

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>): void {
    const n = options.length;
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'p') {
      void togglePin(options[highlighted]);
      e.preventDefault();
      e.stopPropagation();
      return;
    }
    switch (e.key) {
      case 'ArrowDown':
      case 'ArrowUp':
      case 'Tab': {
        const down = e.key === 'ArrowDown' || (e.key === 'Tab' && !e.shiftKey);
        if (n > 0) setActive((highlighted + (down ? 1 : n - 1)) % n);
        break;
      }
      case 'Enter':
        if (e.nativeEvent.isComposing) return;
        void choose(options[highlighted], e.shiftKey);
        break;
      case 'Escape':
        close();
        break;
      default:
        return;
    }
    e.preventDefault();
    e.stopPropagation();
  }

  return (
    <Popover conversationId={ids[0]!} label={`Labels for ${who}`} className="label-picker" onClose={close} onKeyDown={onKeyDown}>
      <input
        className="picker-input"
        type="text"
        role="combobox"
        aria-label="Label name"
        aria-expanded="true"
        aria-controls="label-options"
        aria-activedescendant={options.length > 0 ? optionId(highlighted) : undefined}
        aria-autocomplete="list"
        placeholder="Label as…"
        value={query}
        maxLength={MAX_NAME}
        data-autofocus
        spellCheck={false}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
          setError(null);
        }}
      />
      <ul className="picker-options" id="label-options" role="listbox" aria-label="Labels" aria-multiselectable="true">
        {options.map((o, i) => (
          <li
            key={o.kind === 'label' ? o.label.id : 'create'}
            id={optionId(i)}
            role="option"
            aria-selected={o.kind === 'label' ? o.state === 'all' : false}
            aria-checked={o.kind === 'label' ? (o.state === 'some' ? 'mixed' : o.state === 'all') : undefined}
            data-label-option={o.kind === 'label' ? o.label.name : undefined}
            className={`picker-option${i === highlighted ? ' picker-option--active' : ''}${o.kind === 'create' ? ' picker-option--create' : ''}`}
            onMouseDown={(e) => e.preventDefault()}
            onMouseEnter={() => setActive(i)}
            onClick={() => void choose(o, true)}
          >
            {o.kind === 'label' ? (
              <>
                <span className="picker-check" data-state={o.state} aria-hidden="true" />
                <LabelDot color={o.label.color} />
                <span className="picker-option-name">{o.label.name}</span>
                {o.label.pinned && <span className="picker-option-meta">tab</span>}
              </>
            ) : (
              <>
                <span className="picker-plus" aria-hidden="true" />
                <span className="picker-option-name">Create label “{o.name}”</span>
              </>
            )}
          </li>
        ))}
      </ul>
      {options.length === 0 && <p className="picker-empty">{labels.length === 0 ? 'No labels yet — type a name to create one.' : 'No label matches.'}</p>}
      {error && (
        <p className="picker-error" role="alert">
          {error}
        </p>
      )}
      <p className="picker-said" role="status">
        {said}
      </p>
      <p className="picker-hints">
        <span>
          <kbd>Enter</kbd> toggle
        </span>
        <span>
          <kbd>Shift+Enter</kbd> toggle, keep open
        </span>
        <span>
          <kbd>{describeChord('Mod+P')}</kbd> pin as tab
        </span>
        <span>
          <kbd>Esc</kbd> close
        </span>
      </p>
    </Popover>
  );
}
