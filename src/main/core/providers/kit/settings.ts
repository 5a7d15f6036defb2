/** The account settings every adapter reads the same way. */
import { invalidInput } from '../../errors';

/**
 * The account's base URL (or the provider's default when none is set), trimmed and without
 * trailing slashes. Throws 'invalid-input' naming the account when it is not an http(s) address.
 */
export function checkedBaseUrl(configured: string | undefined, defaultUrl: string, accountName: string): string {
  const baseUrl = (configured?.trim() || defaultUrl).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]/i.test(baseUrl) || !URL.canParse(baseUrl)) {
    throw invalidInput(`The base URL of '${accountName}' is not a web address — use ${defaultUrl} or leave it empty.`);
  }
  return baseUrl;
}
