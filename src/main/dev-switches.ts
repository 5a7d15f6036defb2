/**
 * Development switches, read from the environment and honoured only when the app is not packaged
 * (`npm start` from a checkout): a packaged app ignores them whatever its environment says.
 *
 * INBOX_ALLOW_LOOPBACK_BASE_URLS=1 lets an account's base URL name this computer (127.0.0.1,
 * localhost, [::1]) over http, to try the app against a provider simulator from test/simulators.
 */
export const LOOPBACK_BASE_URLS_SWITCH = 'INBOX_ALLOW_LOOPBACK_BASE_URLS';

/** Whether accounts may use base URLs on this computer: development builds that ask for it only. */
export function allowsLoopbackBaseUrls(isPackaged: boolean, env: Record<string, string | undefined>): boolean {
  return !isPackaged && env[LOOPBACK_BASE_URLS_SWITCH] === '1';
}
