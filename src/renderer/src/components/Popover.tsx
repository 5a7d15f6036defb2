/**
 * A small non-modal dialog over the conversation it acts on: below the open thread's header,
 * or below the selected row (above it when there is no room), kept inside the window. The
 * cursor goes into it when it opens; Tab stays inside; it closes on a click outside; when it
 * closes, the focus goes back to where it was (the list), so the inbox keys work again at once.
 */
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

const MARGIN = 8;
const FOCUSABLE = 'button:not(:disabled), input:not(:disabled), select:not(:disabled), textarea:not(:disabled), [tabindex]:not([tabindex="-1"])';

/** Tab and Shift+Tab cycle through the popover's controls instead of leaving it. */
function keepTabInside(e: KeyboardEvent<HTMLDivElement>): void {
  const stops = [...e.currentTarget.querySelectorAll<HTMLElement>(FOCUSABLE)];
  if (stops.length === 0) return;
  const first = stops[0]!;
  const last = stops[stops.length - 1]!;
  if (e.shiftKey && document.activeElement === first) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && document.activeElement === last) {
    e.preventDefault();
    first.focus();
  }
}

function anchorFor(conversationId: string): Element | null {
  const thread = document.querySelector(`[data-thread-id="${CSS.escape(conversationId)}"] .thread-header`);
  return thread ?? document.getElementById(`conversation-${conversationId}`);
}

interface Props {
  conversationId: string;
  label: string;
  className: string;
  onClose(): void;
  onKeyDown?(e: KeyboardEvent<HTMLDivElement>): void;
  children: ReactNode;
}

export function Popover({ conversationId, label, className, onClose, onKeyDown, children }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const [place, setPlace] = useState<{ top: number; left: number } | null>(null);
  const closeRef = useRef(onClose);
  closeRef.current = onClose;

  // Where it goes, measured before the first paint.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const box = el.getBoundingClientRect();
    const anchor = anchorFor(conversationId)?.getBoundingClientRect();
    const maxLeft = window.innerWidth - box.width - MARGIN;
    const maxTop = window.innerHeight - box.height - MARGIN;
    if (!anchor) {
      setPlace({ top: Math.max(MARGIN, Math.min(96, maxTop)), left: Math.max(MARGIN, (window.innerWidth - box.width) / 2) });
      return;
    }
    let top = anchor.bottom + 4;
    if (top > maxTop) top = anchor.top - box.height - 4; // no room below: above the row
    setPlace({ top: Math.max(MARGIN, Math.min(top, maxTop)), left: Math.max(MARGIN, Math.min(anchor.left + 24, maxLeft)) });
  }, [conversationId]);

  // The focus comes back where it was; a click outside closes.
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    const node = ref.current;
    function outside(e: MouseEvent): void {
      if (node && !node.contains(e.target as Node)) closeRef.current();
    }
    document.addEventListener('mousedown', outside, true);
    // The cursor goes into the picker (its first field, or the one marked data-autofocus).
    (node?.querySelector<HTMLElement>('[data-autofocus]') ?? node?.querySelector<HTMLElement>(FOCUSABLE))?.focus();
    return () => {
      document.removeEventListener('mousedown', outside, true);
      const active = document.activeElement;
      const inside = active === null || active === document.body || node?.contains(active) === true || !active.isConnected;
      if (!inside) return; // the person already moved on (clicked elsewhere)
      if (before && before !== document.body && before.isConnected) before.focus();
      else (active as HTMLElement | null)?.blur?.();
    };
  }, []);

  return (
    <div
      ref={ref}
      className={`popover ${className}`}
      role="dialog"
      aria-label={label}
      style={place ? { top: place.top, left: place.left } : { top: 0, left: 0, opacity: 0 } /* measured before paint; still focusable */}
      onKeyDown={(e) => {
        onKeyDown?.(e);
        if (!e.defaultPrevented && e.key === 'Tab') keepTabInside(e);
      }}
    >
      {children}
    </div>
  );
}
