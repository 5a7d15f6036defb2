/** The command palette finds every command by the words people type: the first result for each query, under Node. */
import { describe, expect, it } from 'vitest';
import type { Account, Label } from '../../src/shared/domain';
import { paletteEntries, rankPalette, type PaletteContext } from '../../src/renderer/src/paletteEntries';
import { FIRST_RESULTS } from '../support/palette-queries';

const label = (id: string, name: string, pinned: boolean): Label => ({ id, name, color: 'blue', pinned, inboxCount: 3 });
const account = (id: string, name: string, provider: Account['provider']): Account => ({ id, name, provider }) as Account;

/** A thread open on Lea Sommer with its reply box, two labels (one a tab), the demo account beside a real one. */
const CONTEXT: PaletteContext = {
  mode: 'all',
  labels: [label('l1', 'Hiring', false), label('l2', 'Investors', true)],
  accounts: [account('a1', 'Demo', 'demo'), account('a2', 'Sales seat', 'reactin')],
  counts: { inbox: 240 },
  snippets: [{ id: 's1', name: 'Intro call', body: 'Thanks for reaching out! Does a 20-minute call next week work?' }],
  canSnippet: true,
  picked: 0,
  targetName: 'Lea Sommer',
};


describe('palette ranking', () => {
  it(`puts the expected command first for ${FIRST_RESULTS.length} natural queries`, () => {
    const entries = paletteEntries(CONTEXT);
    const wrong = FIRST_RESULTS.map(([query, id]) => ({ query, want: id, got: rankPalette(entries, query).slice(0, 3).map((e) => e.id) })).filter((r) => r.got[0] !== r.want);
    expect(wrong).toEqual([]);
  });

  it('offers no conversation actions without a conversation, and no "remove demo" once the demo is gone', () => {
    const entries = paletteEntries({ ...CONTEXT, targetName: null, accounts: [account('a2', 'Sales seat', 'reactin')] });
    const ids = entries.map((e) => e.id);
    expect(ids).not.toContain('command:archive');
    expect(ids).not.toContain('command:removeDemo');
    expect(rankPalette(entries, 'remove demo')[0]?.id).not.toBe('command:removeDemo');
  });

  it('lists the tab entries only once something is typed, and on g l only the labels', () => {
    const browsing = rankPalette(paletteEntries(CONTEXT), '').map((e) => e.id);
    expect(browsing.some((id) => id.startsWith('pin:'))).toBe(false);
    expect(browsing).toContain('label:l1');
    expect(paletteEntries({ ...CONTEXT, mode: 'labels' }).map((e) => e.id)).toEqual(['label:l1', 'label:l2']);
    const jump = paletteEntries({ ...CONTEXT, mode: 'labels', labels: [label('h', 'Hiring pipeline', false), label('hl', 'Hot leads', false)] });
    expect(rankPalette(jump, 'hl')[0]?.text).toBe('Hot leads');
  });
});
