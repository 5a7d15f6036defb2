/**
 * A time typed in words ("tomorrow 3pm", "in 2 hours"), read by the core (chrono-node, the core's
 * parseSnoozeTime) once typing rests; a newer keystroke makes an older answer moot. Shared by the
 * time pickers (snooze, send later, follow-up: TimeChoice) and the Scheduled view's time field, so
 * all read times alike.
 */
import { useEffect, useRef, useState } from 'react';
import { errorSentence } from './api';
import { useInbox } from './storeContext';

/** How long typing rests before the core reads the time. */
const PARSE_DELAY_MS = 150;

export type TypedTime = { kind: 'idle' } | { kind: 'reading' } | { kind: 'ok'; until: number; description: string } | { kind: 'error'; message: string };

/** The reading of `typed` (trimmed text), and `readNow` to read it again at once (on Enter: "in 10 minutes" counts from then). */
export function useTypedTime(typed: string): { parsed: TypedTime; setParsed: (p: TypedTime) => void; readNow: () => Promise<number | null> } {
  const parseTime = useInbox((s) => s.parseSnoozeTime);
  const [parsed, setParsed] = useState<TypedTime>({ kind: 'idle' });
  const seq = useRef(0);

  useEffect(() => {
    const mine = ++seq.current;
    if (!typed) {
      setParsed({ kind: 'idle' });
      return;
    }
    setParsed((p) => (p.kind === 'idle' ? { kind: 'reading' } : p));
    const t = window.setTimeout(() => {
      parseTime(typed).then(
        (r) => mine === seq.current && setParsed({ kind: 'ok', until: r.until, description: r.description }),
        (err: unknown) => mine === seq.current && setParsed({ kind: 'error', message: errorSentence(err) }),
      );
    }, PARSE_DELAY_MS);
    return () => window.clearTimeout(t);
  }, [typed, parseTime]);

  async function readNow(): Promise<number | null> {
    seq.current++;
    try {
      return (await parseTime(typed)).until;
    } catch (err) {
      setParsed({ kind: 'error', message: errorSentence(err) });
      return null;
    }
  }

  return { parsed, setParsed, readNow };
}
