/** Initials on a colour that is always the same for the same name (no remote images). */
import type { CSSProperties } from 'react';
import { avatarHue, initials } from '../format';

export function Avatar({ name, size = 'md' }: { name: string; size?: 'md' | 'lg' }) {
  return (
    <span className={`avatar avatar--${size}`} style={{ '--avatar-hue': avatarHue(name) } as CSSProperties} aria-hidden="true">
      {initials(name)}
    </span>
  );
}
