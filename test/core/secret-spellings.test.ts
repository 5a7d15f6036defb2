/** A key a server echoes in another spelling is still a key: masked where whole, never quoted where in part. */
import { describe, expect, it } from 'vitest';
import { carriesSecret, hideSecret } from '../../src/main/core/redact';

const KEY = 'crispy_LEAKCANARY+crispy/1e6f2a8b';

describe('a key echoed by a server', () => {
  it.each([
    ['as is', KEY],
    ['URL-encoded', encodeURIComponent(KEY)],
    ['reversed', [...KEY].reverse().join('')],
    ['upper-cased', KEY.toUpperCase()],
    ['in hex', Buffer.from(KEY).toString('hex')],
    ['in base64', Buffer.from(KEY).toString('base64')],
    ['in base64url', Buffer.from(KEY).toString('base64url')],
    ['inside a Basic credential', Buffer.from(`user:${KEY}`).toString('base64')],
  ])('is masked %s, and the rest of the sentence kept', (_how, spelled) => {
    const hidden = hideSecret(`token ${spelled} is not valid here`, KEY);
    expect(hidden).not.toBeNull();
    expect(hidden).toMatch(/^token \S{0,12}\[hidden\]\S{0,6} is not valid here$/); // what is left: the encoded "user:" and padding
    expect(carriesSecret(hidden!, KEY)).toBe(false);
  });

  it('is not quoted at all when only part of it shows', () => {
    expect(hideSecret(`token ${KEY.slice(0, 14)}… is not valid`, KEY)).toBeNull();
    expect(hideSecret(`token ${[...KEY].reverse().join('').slice(3, 15)} is not valid`, KEY)).toBeNull();
  });

  it('leaves ordinary text alone', () => {
    expect(hideSecret('The organisation org_42 has no such conversation.', KEY)).toBe('The organisation org_42 has no such conversation.');
  });
});
