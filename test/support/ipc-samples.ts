/**
 * One valid argument list for every method of the IPC contract, typed against InboxApi so a
 * changed signature breaks the build here too. The security checklist sends each through the
 * registered handlers; the IPC fuzz mutates them so some of its payloads reach the core.
 */
import type { InboxApi, InboxMethod } from '../../src/shared/ipc';

/** Ids of things that exist in the core under test (or made-up ones, for a fake core). */
export interface SampleIds {
  accountId: string;
  conversationId: string;
  otherConversationId: string;
  labelId: string;
  messageId: string;
}

export type SampleArgs = { [M in InboxMethod]: Parameters<InboxApi[M]> };

export const MADE_UP_IDS: SampleIds = {
  accountId: 'acc_1',
  conversationId: 'c_1',
  otherConversationId: 'c_2',
  labelId: 'l_1',
  messageId: 'm_1',
};

/** Valid arguments for every method; `now` places snoozes in the future. */
export function validArgs(ids: SampleIds = MADE_UP_IDS, now = Date.now()): SampleArgs {
  const demo = { provider: 'demo' as const, name: 'Second demo', config: {} };
  return {
    listAccounts: [],
    addAccount: [demo],
    testAccount: [{ provider: 'reactin', name: 'Sales seat', apiKey: 'rk_sample', config: { organizationId: 'org_1', baseUrl: 'https://api.example.com' } }],
    updateAccount: [ids.accountId, { name: 'Renamed seat' }],
    removeAccount: [ids.accountId],
    demoOffer: [],
    answerDemoOffer: [false],
    listConversations: [{ view: 'inbox', offset: 0, limit: 50 }],
    viewCounts: [],
    openConversation: [ids.conversationId, { around: ids.messageId }],
    threadPage: [ids.conversationId, { before: ids.messageId }],
    archive: [ids.conversationId, 'smart'],
    unarchive: [ids.conversationId],
    markRead: [ids.conversationId],
    markUnread: [ids.conversationId],
    listLabels: [],
    createLabel: ['Follow up', 'blue'],
    updateLabel: [ids.labelId, { name: 'Hot lead', pinned: true }],
    deleteLabel: [ids.labelId],
    setLabels: [[ids.conversationId, ids.otherConversationId], [ids.labelId], []],
    snooze: [ids.conversationId, { until: now + 86_400_000, note: 'Ask again', cancelIfReply: true }],
    unsnooze: [ids.conversationId],
    parseSnoozeTime: ['tomorrow 9am'],
    clearReminder: [ids.conversationId],
    undo: [],
    setActiveConversation: [ids.conversationId],
    sendReply: [ids.conversationId, 'Thanks — does Tuesday work?', { days: 3, weekdaysOnly: true }],
    clearFollowUp: [ids.conversationId],
    retrySend: [ids.messageId],
    discardSend: [ids.messageId],
    scheduleReply: [ids.conversationId, 'Talk tomorrow', now + 86_400_000],
    listScheduled: [],
    editScheduled: [ids.messageId, { text: 'Talk on Monday', sendAt: now + 2 * 86_400_000 }],
    sendScheduledNow: [ids.messageId],
    cancelScheduled: [ids.messageId],
    syncNow: [ids.accountId],
    bulk: [[ids.conversationId, ids.otherConversationId], { kind: 'archive', mode: 'forever' }],
    search: ['from:ada is:unread', 20],
    saveDraft: [ids.conversationId, 'Half a thought'],
    saveNote: [ids.conversationId, 'Met at SaaStr; prefers email'],
    avatar: [ids.conversationId],
    openLink: ['https://www.linkedin.com/in/someone'],
    keyStorage: [],
    useEncryptedKeyStorage: [],
    exportData: [],
    diagnoseAccount: [ids.accountId],
    saveDiagnosis: [ids.accountId],
    getSettings: [],
    updateSettings: [{ doNotDisturb: true, pollIntervalMinutes: 5 }],
  };
}
