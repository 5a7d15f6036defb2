/**
 * The one prompt, after the first real account's first sync, that offers to remove the demo
 * account. Not modal: the inbox keys keep working; the answer is remembered by the core, so it
 * is asked once (Settings can still remove the demo later).
 */
import { useId, useState } from 'react';
import { useInbox } from '../storeContext';

export function DemoOfferPrompt() {
  const offer = useInbox((s) => s.demoOffer);
  const answer = useInbox((s) => s.answerDemoOffer);
  const [busy, setBusy] = useState(false);
  const id = useId();
  if (!offer) return null;
  const reply = (remove: boolean) => {
    setBusy(true);
    void answer(remove).finally(() => setBusy(false));
  };
  return (
    <section className="demo-offer" role="dialog" aria-modal="false" aria-labelledby={`${id}-title`} aria-describedby={`${id}-body`}>
      <h2 id={`${id}-title`}>Remove the demo account?</h2>
      <p id={`${id}-body`}>
        “{offer.accountName}” has synced, so your own conversations are in the inbox now. The demo’s generated conversations can go; you can also remove
        the demo later in Settings.
      </p>
      <div className="form-actions">
        <button type="button" className="button button--primary" disabled={busy} onClick={() => reply(true)}>
          Remove the demo
        </button>
        <button type="button" className="button" disabled={busy} onClick={() => reply(false)}>
          Keep it for now
        </button>
      </div>
    </section>
  );
}
