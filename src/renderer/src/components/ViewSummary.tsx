/**
 * The right pane while no conversation is open: what the view holds (how many, how many unread
 * and waiting on you, how many snoozed) and the keys to start, so a wide window is never a
 * blank half. With an empty view it says how to move on; with no account, how to add one.
 */
import type { ReactNode } from 'react';
import { count } from '../format';
import { bindingFor, keyPieces, type Command } from '../keymap';
import { useKeymap } from '../useKeymap';
import { useInbox } from '../storeContext';
import { useViewTitle } from '../useViewTitle';

/** What to press with rows on screen, and with none. */
const START_KEYS: Command[] = ['next', 'previous', 'open', 'archive', 'snooze', 'toggleSelect', 'search', 'help'];
const EMPTY_KEYS: Command[] = ['goInbox', 'search', 'palette', 'help'];

function KeyLine({ command }: { command: Command }) {
  useKeymap();
  const b = bindingFor(command);
  if (b.keys.length === 0) return null;
  return (
    <li className="summary-key" data-command={command}>
      <span className="summary-key-keys">
        {keyPieces(command).map((k, i) => (
          <kbd key={i}>{k}</kbd>
        ))}
      </span>
      <span>{b.description}</span>
    </li>
  );
}

function Facts({ children }: { children: ReactNode[] }) {
  const shown = children.filter(Boolean);
  return <p className="summary-facts">{shown.map((c, i) => (i === 0 ? c : [' · ', c]))}</p>;
}

const plural = (n: number, one: string, many = `${one}s`) => `${count(n)} ${n === 1 ? one : many}`;

export function ViewSummary() {
  const view = useInbox((s) => s.view);
  const title = useViewTitle(view);
  const hasAccounts = useInbox((s) => s.accounts.length > 0);
  const listLoaded = useInbox((s) => s.listLoaded);
  const total = useInbox((s) => s.total);
  const counts = useInbox((s) => s.counts);

  if (!hasAccounts) {
    return (
      <div className="view-summary" data-summary="no-accounts">
        <h2>Nothing to read yet</h2>
        {/* The list beside it has the one "Add an account" button; two would read as two different things. */}
        <p className="summary-facts">Add an account (ReactIn, Linkup, ConnectSafely or Crispy) and its conversations appear here after the first sync.</p>
        <ul className="summary-keys" aria-label="Keys">
          <KeyLine command="palette" />
          <KeyLine command="help" />
        </ul>
      </div>
    );
  }

  const empty = listLoaded && total === 0;
  return (
    <div className="view-summary" data-summary={view}>
      <h2>{title}</h2>
      {listLoaded && (
        <Facts>
          {[
            plural(total, 'conversation'),
            view === 'inbox' && counts.unread !== undefined && `${count(counts.unread)} unread`,
            view === 'inbox' && counts['needs-reply'] !== undefined && `${count(counts['needs-reply'])} waiting on you`,
            view === 'inbox' && counts.snoozed ? `${count(counts.snoozed)} snoozed` : null,
            view !== 'inbox' && counts.inbox !== undefined && `${plural(counts.inbox, 'conversation')} in the inbox`,
          ]}
        </Facts>
      )}
      <ul className="summary-keys" aria-label="Keys to start">
        {(empty ? EMPTY_KEYS : START_KEYS).map((c) => (
          <KeyLine key={c} command={c} />
        ))}
      </ul>
    </div>
  );
}
