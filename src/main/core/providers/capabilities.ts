/**
 * What each provider carries out itself (providers/README.md, capability matrix). The core
 * mirrors an action only where the flag is on; everywhere else the action stays local.
 */
import type { Capabilities, ProviderKind } from '../../../shared/domain';

const LOCAL_ONLY: Capabilities = {
  mirrorsArchive: false,
  mirrorsSmartArchive: false,
  mirrorsLabels: false,
  mirrorsSnooze: false,
  canMarkSeen: false,
  canMarkUnread: false,
  canStar: false,
  sendsBy: 'thread',
  hasPush: false,
};

export const PROVIDER_CAPABILITIES: Record<ProviderKind, Capabilities> = {
  demo: LOCAL_ONLY,
  reactin: LOCAL_ONLY,
  // Linkup's send takes the recipient's profile URL, never a thread id.
  linkup: { ...LOCAL_ONLY, sendsBy: 'profile' },
  connectsafely: { ...LOCAL_ONLY, canMarkSeen: true, canMarkUnread: true, canStar: true },
  crispy: { ...LOCAL_ONLY, mirrorsArchive: true, mirrorsSmartArchive: true, mirrorsLabels: true, mirrorsSnooze: true, canMarkSeen: true },
};
