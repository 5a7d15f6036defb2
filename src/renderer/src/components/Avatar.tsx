/**
 * The person's profile picture when main has one for the conversation (fetched and cached by
 * main, handed over as a data: URL: the renderer loads no remote URL), else initials on a
 * colour that is always the same for the same name. Main is asked only where the person has a
 * picture (the conversation's participant has an avatarUrl): a row of someone without one costs no
 * call, so a list or search results typed letter by letter do not ask for each row they mount.
 */
import { useEffect, useState, type CSSProperties } from 'react';
import { avatarHue, initials } from '../format';
import { useInbox } from '../storeContext';

export function Avatar({ name, pictureOf, size = 'md' }: { name: string; pictureOf: { id: string; participant: { avatarUrl: string | null } }; size?: 'md' | 'lg' }) {
  const avatarFor = useInbox((s) => s.avatarFor);
  const [src, setSrc] = useState<string | null>(null);
  const conversationId = pictureOf.participant.avatarUrl ? pictureOf.id : null;
  useEffect(() => {
    setSrc(null);
    if (conversationId === null) return;
    let live = true;
    void avatarFor(conversationId).then((url) => {
      // Only a data: URL of an image is ever shown (the CSP allows nothing remote anyway).
      if (live && url !== null && url.startsWith('data:image/')) setSrc(url);
    });
    return () => {
      live = false;
    };
  }, [conversationId, avatarFor]);
  return (
    <span className={`avatar avatar--${size}`} style={{ '--avatar-hue': avatarHue(name) } as CSSProperties} aria-hidden="true">
      {src ? <img className="avatar-img" src={src} alt="" draggable={false} onError={() => setSrc(null)} /> : initials(name)}
    </span>
  );
}
