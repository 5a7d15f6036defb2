/**
 * Opening a link from a message: in the browser when the allowlist (shared/links.ts) permits it;
 * otherwise the person is told why, and a refused web address goes on the clipboard.
 */
import type { LinkVerdict } from '../../../shared/domain';
import { copyableLink, linkVerdict } from '../../../shared/links';
import type { CorePorts } from '../ports';

/**
 * Opens a link in the browser when the allowlist permits it; otherwise says why not, and puts a
 * refused web address (http or https only, see copyableLink) on the clipboard through the
 * copyText port so the person can open it themselves if they trust it.
 */
export async function openLink(url: string, ports: Pick<CorePorts, 'copyText' | 'openExternal'>): Promise<LinkVerdict> {
  const verdict = linkVerdict(url);
  if (!verdict.allowed) {
    const copyable = copyableLink(url);
    if (copyable === null || !ports.copyText) return { opened: false, reason: verdict.reason, copied: false };
    try {
      await ports.copyText(copyable);
    } catch {
      return { opened: false, reason: verdict.reason, copied: false };
    }
    return { opened: false, reason: verdict.reason, copied: true };
  }
  const host = new URL(verdict.href).hostname;
  if (!ports.openExternal) return { opened: false, reason: `Links cannot be opened from here, so the link to ${host} was not opened.`, copied: false };
  try {
    await ports.openExternal(verdict.href);
  } catch {
    return { opened: false, reason: `The browser could not be opened for the link to ${host}.`, copied: false };
  }
  return { opened: true };
}
