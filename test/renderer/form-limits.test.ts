/**
 * The account form stops typing where main stops accepting, and offers the address each adapter
 * uses: both read src/shared/limits.ts (test/core/limits-one-source.test.ts holds main and the core to it).
 */
import { describe, expect, it } from 'vitest';
import { MAX_LENGTH, PROVIDER_FORMS } from '../../src/renderer/src/accounts';
import { snippetProblem } from '../../src/shared/snippets';
import { DEFAULT_BASE_URLS, LIMITS } from '../../src/shared/limits';
import { snippetSchema } from '../../src/shared/schemas';

describe('the forms use the shared limits', () => {
  it('the account form’s lengths are the shared ones', () => {
    expect(MAX_LENGTH).toEqual({ name: LIMITS.accountName, id: LIMITS.accountSetting, url: LIMITS.url, key: LIMITS.apiKey });
  });

  it('each provider’s default address in the form is the shared one', () => {
    for (const [provider, form] of Object.entries(PROVIDER_FORMS)) expect(form.defaultBaseUrl, provider).toBe(DEFAULT_BASE_URLS[provider as keyof typeof DEFAULT_BASE_URLS]);
  });

  it('a snippet the settings form lets through is one the shared schema (main, the core, the preferences file) accepts, and only that', () => {
    for (const [name, body] of [['a'.repeat(LIMITS.snippetName), 'x'], ['a'.repeat(LIMITS.snippetName + 1), 'x'], ['Hi', 'x'.repeat(LIMITS.reply)], ['Hi', 'x'.repeat(LIMITS.reply + 1)], ['  ', 'x']] as const) {
      const byForm = snippetProblem({ name, body }, []) === null;
      const bySchema = snippetSchema.safeParse({ id: 's1', name, body }).success;
      expect(bySchema, `${name.length}/${body.length}`).toBe(byForm);
    }
  });
});
